-- The in-process bus relays committed events to their subscribers in one statement: each
-- subscriber's pattern (`*` one dot-separated segment, `#` any number of them, the rest literal)
-- is kept beside it as a regular expression over '.' || type, so PostgreSQL does the matching that
-- `matchesPattern` (src/events/outbox.ts) does in TypeScript — a test holds the two to one answer.
create function kernel.event_pattern_regex(pattern text) returns text
language sql immutable strict parallel safe
as $$
  select '^' || string_agg(
           case segment
             when '*' then '\.[^.]+'
             when '#' then '(\.[^.]+)*'
             else '\.' || regexp_replace(segment, '([^A-Za-z0-9_])', '\\\1', 'g')
           end, '' order by position) || '$'
    from unnest(string_to_array(pattern, '.')) with ordinality as segments(segment, position)
$$;

alter table kernel.event_subscribers
  add column pattern_regex text generated always as (kernel.event_pattern_regex(pattern)) stored;
