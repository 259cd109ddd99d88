-- One spelling, catalog (docs/decisions.md, D-154): core-inventory's permission
-- `core-inventory:catalogue.write` is `core-inventory:catalog.write` from its release of
-- 2026-12-06. Roles and API keys that held the old name hold the new one.
update kernel.roles
   set permissions = array_replace(permissions, 'core-inventory:catalogue.write', 'core-inventory:catalog.write')
 where 'core-inventory:catalogue.write' = any (permissions);
update kernel.api_keys
   set permissions = array_replace(permissions, 'core-inventory:catalogue.write', 'core-inventory:catalog.write')
 where 'core-inventory:catalogue.write' = any (permissions);
