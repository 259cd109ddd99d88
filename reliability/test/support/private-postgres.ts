import { execFile } from 'node:child_process';
import { appendFileSync, chownSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../../../testing/free-port.ts';

const run = promisify(execFile);
const BIN = process.env.TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A PostgreSQL server of a test's own: its own port and data folder, stopped and started at will. */
export interface PrivatePostgres {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Stops the server (fast shutdown: sessions are cut, as in an outage); its data stays. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops it for good and deletes its data folder. */
  destroy(): Promise<void>;
}

/** A data folder of a private server's own, the PostgreSQL programs to run on it, and its clean-up at exit. */
export interface PostgresFolder {
  readonly dir: string;
  /** `<dir>/data`, not made yet (initdb or pg_basebackup makes it). */
  readonly data: string;
  /** Runs a PostgreSQL program, as the `postgres` user when this process is root (PostgreSQL refuses root). */
  tool(tool: string, args: string[]): Promise<unknown>;
  /** Stops the server immediately and deletes the folder; no longer done at exit. */
  remove(): Promise<void>;
}

/**
 * Makes the folder (owned by `postgres` when root). pg_ctl leaves a server running in the background:
 * if this process ends before `remove()` (a crashed test run), the server is stopped and the folder
 * dropped on the way out.
 */
export async function postgresFolder(prefix: string): Promise<PostgresFolder> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const data = join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim())));
    chownSync(dir, uid!, gid!);
  }
  const tool = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', join(BIN, name), ...args]) : run(join(BIN, name), args);
  const onExit = () => {
    try {
      const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0) process.kill(pid, 'SIGQUIT');
    } catch {
      // not running
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  return {
    dir,
    data,
    tool,
    async remove() {
      process.removeListener('exit', onExit);
      await tool('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '60', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * initdb and pg_ctl from `TEST_POSTGRES_BIN` (PostgreSQL 15's by default) in a temp folder.
 * PostgreSQL refuses to run as root: as root, it runs as the `postgres` user, owning the folder.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const { dir, data, tool: pg, remove } = await postgresFolder('kits-postgres-');
  await pg('initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
  appendFileSync(
    join(data, 'postgresql.conf'),
    [
      `port = ${port}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${dir}'`,
      'max_connections = 200',
      'fsync = off',
      '',
    ].join('\n'),
  );
  let running = false;
  const start = async () => {
    await pg('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-t', '120', 'start']);
    running = true;
  };
  const stop = async (mode: 'fast' | 'immediate' = 'fast') => {
    if (!running) return;
    await pg('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '120', 'stop']);
    running = false;
  };
  await start();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () => stop('fast'),
    start,
    async destroy() {
      running = false;
      await remove();
    },
  };
}
