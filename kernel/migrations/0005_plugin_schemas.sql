-- Which release of a plugin last migrated its schema, and the oldest code version that schema
-- still works with (the release's schemaCompat): the kernel refuses a pin that would break on it.
create table kernel.plugin_schemas (
  schema_name text primary key,
  plugin_id text not null,
  version text not null,
  schema_compat text,
  migrated_at timestamptz not null default now()
);
