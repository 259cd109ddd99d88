/**
 * The tables that are not one shop's (D-232, docs/scaling.md): the platform's own, shared by every
 * shop and replicated to every node once tables are distributed by tenant. Each says why it names no
 * tenant — or, where it has a tenant_id column, why its rows are not moved with a shop's.
 *
 * One list for the two places that need it: restoring one shop (deploy/tenant-restore/restore-shop.ts skips these tables)
 * and the catalog test that every other table names its tenant in each of its keys
 * (reliability/test/every-key-of-every-tenant-table-includes-its-tenant.test.ts).
 */
export const REFERENCE_TABLES: Readonly<Record<string, string>> = {
  'kernel.tenants': 'the shops themselves, found by slug before a tenant is known',
  'kernel.identity_provider_domains': 'routes an e-mail domain to its shop before a tenant is known (a domain is one shop’s)',
  'kernel.operators': "the platform's staff",
  'kernel.operator_identities': "operators' links to the platform's identity provider",
  'kernel.operator_sso_attempts': "operators' single sign-on attempts",
  'kernel.webauthn_challenges': 'passkey challenges handed out before the passkey names its shop',
  'kernel.event_subscribers': "the kernel's and plugins' event subscribers",
  'kernel.plugin_schemas': "which release migrated each plugin's schema",
  'kernel.release_health': "each plugin release's handler runs and failures, across shops (rollouts, D-231)",
  'kernel.plugin_rollouts': "operators' rollouts of plugin releases (D-231)",
  'registry.plugins': 'the plugin registry: its own service and database in production',
  'registry.publishers': 'the plugin registry',
  'registry.releases': 'the plugin registry',
};

/** A schema's migration ledger (`<schema>.kits_migrations`): which migrations ran, for every shop at once. */
export const isMigrationLedger = (table: string): boolean => table.endsWith('.kits_migrations');

/** Whether a table's rows belong to the shops they name, and so move with a shop when one is restored. */
export const isShopTable = (table: string): boolean => !(table in REFERENCE_TABLES) && !isMigrationLedger(table);
