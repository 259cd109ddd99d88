import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../../testing/free-port.ts';
import { postgresFolder, startPrivatePostgres, type PrivatePostgres } from '../../reliability/test/support/private-postgres.ts';

/** The database the kernels use, on the primary (and so on its replica). */
export const DATABASE_NAME = 'kits';

/** A PostgreSQL server of the topology: where it listens and how to end it. */
export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/kits` (trust authentication on loopback). */
  readonly url: string;
  readonly port: number;
  destroy(): Promise<void>;
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * The primary: a private PostgreSQL 15 (reliability's private-postgres) set to stream its WAL —
 * `wal_level = replica` and `max_wal_senders` (the defaults of 15, set explicitly so a changed
 * default cannot silently break the replica; restarted only if that changed anything) — with
 * the `kits` database made on it. initdb's pg_hba.conf trusts replication connections on loopback.
 */
export async function startPrimary(): Promise<PostgresServer & { readonly server: PrivatePostgres }> {
  const server = await startPrivatePostgres();
  try {
    const restart = await withClient(server.url, async (client) => {
      await client.query("alter system set wal_level = 'replica'");
      await client.query('alter system set max_wal_senders = 10');
      await client.query("alter system set wal_keep_size = '256MB'");
      await client.query('select pg_reload_conf()');
      const { rows } = await client.query<{ pending: boolean }>('select bool_or(pending_restart) as pending from pg_settings');
      await client.query(`create database ${DATABASE_NAME}`);
      return rows[0]?.pending === true;
    });
    if (restart) {
      await server.stop();
      await server.start();
    }
  } catch (error) {
    await server.destroy();
    throw error;
  }
  return { url: server.url.replace(/\/postgres$/, `/${DATABASE_NAME}`), port: server.port, server, destroy: () => server.destroy() };
}

/**
 * A hot standby of `primary` on a port of its own: a copy taken with `pg_basebackup -R` (which
 * writes `primary_conninfo` and `standby.signal`, so it starts streaming from the primary), read-only
 * to every client. Resolves when it accepts connections and its WAL receiver is streaming.
 */
export async function startStreamingReplica(primary: { readonly port: number }): Promise<PostgresServer> {
  const port = await freePort();
  const { dir, data, tool: postgresTool, remove: destroy } = await postgresFolder('kits-replica-');
  try {
    await postgresTool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      data,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
      '--no-sync',
    ]);
    // The copy carries the primary's postgresql.conf: its own port and socket folder win (last line wins).
    appendFileSync(
      join(data, 'postgresql.conf'),
      [`port = ${port}`, `unix_socket_directories = '${dir}'`, 'hot_standby = on', ''].join('\n'),
    );
    await postgresTool('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '120', 'start']);
    const url = `postgres://postgres@127.0.0.1:${port}/${DATABASE_NAME}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const streaming = await withClient(url, async (client) => {
        const { rows } = await client.query<{ status: string }>('select status from pg_stat_wal_receiver');
        return rows[0]?.status === 'streaming';
      });
      if (streaming) break;
      if (Date.now() > deadline)
        throw new Error(`The replica on port ${port} did not start streaming within 30 s; see ${dir}/postgres.log`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return { url, port, destroy };
  } catch (error) {
    await destroy();
    throw error;
  }
}
