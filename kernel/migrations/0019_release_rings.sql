-- Release rings (D-231): an operator puts some shops in the canary ring; a rollout moves a plugin's
-- new release to the canary shops first, compares its handler error rate with its predecessor's, and
-- moves the rest of the shops or rolls the canaries back. No tenant owns a rollout or a release's
-- health: they are the platform's, as operators are.
alter table kernel.tenants add column release_ring text not null default 'general' check (release_ring in ('canary', 'general'));

-- Handler runs and failures per release per minute, summed over every kernel process.
create table kernel.release_health (
  plugin_id text not null,
  version text not null,
  minute timestamptz not null,
  runs bigint not null default 0,
  failures bigint not null default 0,
  primary key (plugin_id, version, minute)
);

create table kernel.plugin_rollouts (
  rollout_id uuid primary key,
  plugin_id text not null,
  version text not null,
  stage text not null check (stage in ('canary', 'general', 'completed', 'rolled_back', 'cancelled')),
  soak_seconds integer not null check (soak_seconds between 1 and 604800),
  min_runs integer not null check (min_runs between 1 and 1000000),
  started_by text not null,
  started_at timestamptz not null default now(),
  stage_started_at timestamptz not null default now(),
  -- The shops this rollout moved and the version each ran before: [{"tenantId": …, "from": "1.0.0"}].
  moved jsonb not null default '[]',
  -- The predecessors' handler runs and failures while the canaries ran the release: {"runs": n, "failures": n}.
  baseline jsonb,
  outcome text,
  finished_at timestamptz
);
-- One running rollout per plugin.
create unique index plugin_rollouts_one_running on kernel.plugin_rollouts (plugin_id) where stage in ('canary', 'general');
