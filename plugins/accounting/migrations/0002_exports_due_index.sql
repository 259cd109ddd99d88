-- The posting run asks for exports due — status 'waiting' or 'posting' (one whose post was cut off),
-- next_attempt_at passed — but the index covered 'waiting' and 'paused', and a paused export has no
-- next_attempt_at: the index now holds what the run reads, and the paused ones (counted and resumed
-- together) have their own.
drop index accounting.exports_due;
create index exports_due on accounting.exports (tenant_id, next_attempt_at) where status in ('waiting', 'posting');
create index exports_paused on accounting.exports (tenant_id) where status = 'paused';
