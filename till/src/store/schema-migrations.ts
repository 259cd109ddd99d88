import { addRxPlugin, type MigrationStrategies } from 'rxdb';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';

addRxPlugin(RxDBMigrationSchemaPlugin);

/**
 * How a till in the field gets from one schema of its local database to the next, when a new
 * till build arrives (DESIGN §6; docs/decisions.md "the till's local schemas"):
 *
 * - Every change to a collection's schema raises its `version` by one and adds a strategy here
 *   that turns a document of the version before into one of the new version. RxDB runs them in
 *   order when the database opens, so a till that skipped builds climbs every step.
 * - `events` and `meta` are the till's own and are never dropped: unsent sales live there. Their
 *   strategies keep every document (returning null would delete it).
 * - Pulled collections (`catalog`, `codes`, `stock`, `customers`) hold copies of the server's
 *   data; their strategies keep what they can, and a field the server now sends arrives with the
 *   next pull of the changed documents.
 */
export const migrationStrategies: Record<'events', MigrationStrategies> = {
  events: {
    // v1: an index on `type` (the shift report finds its shift's opening by type); documents unchanged.
    1: (event) => event,
  },
};
