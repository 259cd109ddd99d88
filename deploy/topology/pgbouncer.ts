import { execFile, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { testProgram } from '../../testing/prerequisites/system-packages.ts';
import { freePort } from '../../testing/free-port.ts';
import { startChildServer } from '../../reliability/test/support/child-server.ts';
import { DATABASE_NAME } from './streaming-replica.ts';

const run = promisify(execFile);

/** PgBouncer in front of the primary, pooling server connections per transaction. */
export interface PgBouncer {
  /** `postgres://postgres@127.0.0.1:<port>/kits`: what the kernels' DATABASE_URL names. */
  readonly url: string;
  /** `postgres://postgres@127.0.0.1:<port>/pgbouncer`: its admin console (`SHOW POOLS`, `SHOW CONFIG`). */
  readonly adminUrl: string;
  readonly port: number;
  destroy(): Promise<void>;
}

export interface PgBouncerOptions {
  /** The primary's port on 127.0.0.1. */
  readonly primaryPort: number;
  /** Server connections to the primary (`default_pool_size`); the kernels' clients share them a transaction at a time. */
  readonly serverConnections: number;
}

/**
 * The `pgbouncer.ini` of the topology: every kernel connection to `kits` is handed a server
 * connection for one transaction at a time (`pool_mode = transaction`). Trust authentication on
 * loopback (a user must still be listed in the auth file). node-postgres sends no startup
 * parameter PgBouncer refuses; `extra_float_digits` (JDBC's, psql's) is ignored all the same.
 */
export function pgbouncerIni(options: PgBouncerOptions & { readonly port: number; readonly dir: string }): string {
  return [
    '[databases]',
    `${DATABASE_NAME} = host=127.0.0.1 port=${options.primaryPort} dbname=${DATABASE_NAME}`,
    '',
    '[pgbouncer]',
    'listen_addr = 127.0.0.1',
    `listen_port = ${options.port}`,
    'unix_socket_dir =',
    'auth_type = trust',
    `auth_file = ${join(options.dir, 'userlist.txt')}`,
    'admin_users = postgres',
    'pool_mode = transaction',
    `default_pool_size = ${options.serverConnections}`,
    'max_client_conn = 2000',
    'ignore_startup_parameters = extra_float_digits',
    `logfile = ${join(options.dir, 'pgbouncer.log')}`,
    'log_connections = 0',
    'log_disconnections = 0',
    '',
  ].join('\n');
}

/** Starts PgBouncer (from PATH, `testProgram`) with its config in a temp folder; resolves when it serves a query. */
export async function startPgBouncer(options: PgBouncerOptions): Promise<PgBouncer> {
  const program = testProgram('pgbouncer');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kits-pgbouncer-'));
  writeFileSync(join(dir, 'pgbouncer.ini'), pgbouncerIni({ ...options, port, dir }));
  writeFileSync(join(dir, 'userlist.txt'), '"postgres" ""\n');
  // PgBouncer refuses to run as root: as root it switches to the postgres user (-u), owning its folder.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())));
    for (const file of ['', 'pgbouncer.ini', 'userlist.txt']) chownSync(join(dir, file), uid!, gid!);
  }
  const url = `postgres://postgres@127.0.0.1:${port}/${DATABASE_NAME}`;
  const server = await startChildServer({
    name: `PgBouncer on port ${port}`,
    dir,
    spawn: () => spawn(program, [...(asRoot ? ['-u', 'postgres'] : []), join(dir, 'pgbouncer.ini')], { stdio: 'ignore' }),
    ready: async () => {
      const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
      try {
        await client.connect();
        await client.query('select 1');
        return true;
      } finally {
        await client.end().catch(() => undefined);
      }
    },
    readyWithinMs: 30_000,
    killAfterMs: 10_000,
  });
  return { url, adminUrl: `postgres://postgres@127.0.0.1:${port}/pgbouncer`, port, destroy: () => server.destroy() };
}
