-- A till's heartbeat names the printers and readers it reaches by address (host:port, a serial path,
-- a card reader's provider id): the kernel finds the location's device of that kind and address, or
-- registers it (D-224). Not unique: a merchant may have registered the same address twice by hand.
create index devices_by_address on kernel.devices (tenant_id, location_id, kind, address) where address is not null;
