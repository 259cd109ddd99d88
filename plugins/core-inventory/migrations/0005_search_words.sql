-- The distinct words of product names, per tenant: search expands each query word (with typos or
-- cut short) to the nearest of these, then finds names containing them through the trigram index.
create table inventory.search_words (
  tenant_id uuid not null,
  word text not null,
  primary key (tenant_id, word)
);
create index search_words_trgm on inventory.search_words using gin (word gin_trgm_ops);
create index search_words_prefix on inventory.search_words (word text_pattern_ops);

insert into inventory.search_words (tenant_id, word)
select distinct p.tenant_id, w.word
  from inventory.products p, regexp_split_to_table(lower(p.name), '[^[:alnum:]]+') as w(word)
 where length(w.word) >= 2
on conflict do nothing;
