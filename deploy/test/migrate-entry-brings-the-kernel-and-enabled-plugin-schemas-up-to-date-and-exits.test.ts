import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScratchPostgres, withPostgresAdmin, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './support/production-manifests.ts';

const MIGRATE = join(REPO_ROOT, 'kernel/src/migrate.ts');
const TENANT = '01900000-0000-7000-8000-0000000000a1';

/** Runs kernel/src/migrate.ts as the Helm Job and the compose service do: its own process, configured by the environment. */
function migrate(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@kits/source', MIGRATE],
      { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const rows = <T extends Record<string, unknown>>(url: string, sql: string) =>
  withPostgresAdmin(url, async (client) => (await client.query<T>(sql)).rows);

describe('kernel/src/migrate.ts, the once-per-release migrations entry', () => {
  let database: ScratchDatabase;
  let cacheDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    database = await createScratchPostgres();
    cacheDir = mkdtempSync(join(tmpdir(), 'kits-migrate-cache-'));
    env = { DATABASE_URL: database.url, JWT_SECRET: 'a-secret-only-this-test-uses-0123456789', PLUGIN_CACHE_DIR: cacheDir };
  });
  afterAll(async () => {
    await database?.drop();
    rmSync(cacheDir, { recursive: true, force: true });
  });

  it('migrates the kernel schema of an empty database and exits 0', async () => {
    const run = await migrate(env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const applied = await rows<{ name: string }>(database.url, 'select name from kernel.kits_migrations order by name');
    const files = readdirSync(join(REPO_ROOT, 'kernel/migrations')).filter((file) => file.endsWith('.sql'));
    expect(applied.map((row) => `${row.name}.sql`).sort()).toEqual(files.sort());
  });

  it('migrates the schema of each plugin version a tenant has enabled, and skips one it cannot install without failing', async () => {
    await withPostgresAdmin(database.url, async (client) => {
      await client.query(
        `insert into kernel.tenants (tenant_id, slug, name, currency) values ($1, 'migrate-shop', 'Migrate shop', 'EUR')`,
        [TENANT],
      );
      await client.query(
        `insert into kernel.plugin_installs (tenant_id, plugin_id, version_range, resolved_version, enabled)
         values ($1, 'core-inventory', '^1', '1.0.0', true), ($1, 'no-such-plugin', '^9', '9.9.9', true)`,
        [TENANT],
      );
    });
    const before = await rows(database.url, `select 1 from pg_namespace where nspname = 'inventory'`);
    expect(before).toEqual([]);

    const run = await migrate(env);
    expect(run.code).toBe(0);
    const inventory = await rows<{ name: string }>(database.url, 'select name from inventory.kits_migrations');
    const files = readdirSync(join(REPO_ROOT, 'plugins/core-inventory/migrations')).filter((file) => file.endsWith('.sql'));
    expect(inventory).toHaveLength(files.length);
    const logged = run.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { msg: string; plugin?: string; plugins?: string[] });
    expect(logged.find((line) => line.plugin === 'no-such-plugin')?.msg).toMatch(/cannot be installed; its schema was not migrated/);
    expect(logged.find((line) => line.plugins)?.plugins).toEqual(['core-inventory@1.0.0']);
  });

  it('changes nothing when run again: every migration is already applied', async () => {
    const before = await rows(database.url, 'select name, applied_at from kernel.kits_migrations order by name');
    const run = await migrate(env);
    expect(run.code).toBe(0);
    const kernelLine = run.stdout.split('\n').find((line) => line.includes('kernel migrations done'));
    expect(JSON.parse(kernelLine!).applied).toEqual([]);
    expect(await rows(database.url, 'select name, applied_at from kernel.kits_migrations order by name')).toEqual(before);
  });

  it('exits 1 with one line naming DATABASE_URL when no PostgreSQL answers there', async () => {
    // Port 9 (discard) has no PostgreSQL; DATABASE_WAIT_SECONDS=0 gives up at once instead of waiting for one.
    const run = await migrate({ ...env, DATABASE_URL: 'postgres://postgres@127.0.0.1:9/kits', DATABASE_WAIT_SECONDS: '0' });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^KiTS migrations failed — DATABASE_URL: no PostgreSQL answered at postgres:\/\/postgres@127\.0\.0\.1:9\/kits/,
    );
  });
});
