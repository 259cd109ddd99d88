-- The till events a tenant received in a recent window (tx.directory.tillEventOutcomes, D-218: the
-- offline-conflict rate a notification rule polls): a range of this index instead of a scan of every
-- event the tenant's tills ever sent, which sync_events keeps for ever.
create index sync_events_received on kernel.sync_events (tenant_id, received_at);
