-- What the kernel did to a tenant's plugin on its own, for the shop to read (D-230): a release the
-- tenant ran was yanked, and the kernel moved the tenant to another version or disabled the plugin.
-- Cleared when someone of the shop enables or changes the plugin again.
alter table kernel.plugin_installs add column notice text;
