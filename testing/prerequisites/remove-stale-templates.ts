import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * Removes the migrated databases test kernels start from (kernel/src/test-kit/migrated-template.ts:
 * every file of the temporary folder `kits-pglite-templates`, PostgreSQL databases `kits_tpl_*`), so
 * each `npm test` makes them from the code it tests. Answers how many it removed.
 */
async function removeStaleTemplates(adminUrl: string): Promise<number> {
  let removed = 0;
  const folder = join(tmpdir(), 'kits-pglite-templates');
  try {
    for (const entry of readdirSync(folder)) {
      rmSync(join(folder, entry), { force: true });
      removed += 1;
    }
  } catch {
    // No folder yet: nothing to remove.
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>("select datname from pg_database where datname like 'kits\\_tpl\\_%'");
    for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
    removed += rows.length;
  } finally {
    await client.end();
  }
  return removed;
}

// Run by `npm test` after the prerequisites, before the build (never by a test: a run going on
// would lose the templates its kernels start from).
const removed = await removeStaleTemplates(process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
process.stdout.write(`test templates: ${removed} of an earlier run removed; this run makes its own\n`);
