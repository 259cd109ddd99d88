-- A till's clock can be hours off. opened_at and closed_at are the till's own times (an offline
-- shift's events carry them); opened_received_at and closed_received_at are the server's, when
-- it learned of each. Reports give both. Older rows get the only time they had.
alter table sales.shifts add column opened_received_at timestamptz;
alter table sales.shifts add column closed_received_at timestamptz;
update sales.shifts set opened_received_at = opened_at, closed_received_at = closed_at;
alter table sales.shifts alter column opened_received_at set default now();
alter table sales.shifts alter column opened_received_at set not null;
