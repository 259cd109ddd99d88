import { execFile, execFileSync } from 'node:child_process';
import { appendFileSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from '../../../testing/free-port.ts';

const run = promisify(execFile);

/**
 * A PostgreSQL primary of the test's own and a hot standby streaming from it, each on its own port
 * and data folder (trust authentication, user `postgres`). A primary of its own, because the
 * machine's server takes no replication connections (pg_hba.conf) and the tests do not change it.
 */
export interface StreamingReplica {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` of the primary. */
  readonly primaryUrl: string;
  /** The same database on the standby (read-only). */
  readonly replicaUrl: string;
  /** Runs one statement on the standby as the superuser (to pause and resume its replay). */
  onReplica<Row extends object>(sql: string): Promise<Row[]>;
  /** Stops the standby (fast shutdown: its sessions are cut, as in an outage); its data stays. */
  stopReplica(): Promise<void>;
  /** Starts the standby again; resolves when it takes connections. */
  startReplica(): Promise<void>;
  /** Stops both servers and deletes their folders (safe to call twice, and after a failed start). */
  destroy(): Promise<void>;
}

/** The folder of the PostgreSQL server programs: `pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin. */
function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.TEST_POSTGRES_BIN) candidates.push(process.env.TEST_POSTGRES_BIN);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // pg_config is in libpq-dev, not always installed.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  const found = candidates.find((dir) => ['initdb', 'pg_ctl', 'pg_basebackup'].every((tool) => existsSync(join(dir, tool))));
  if (!found)
    throw new Error(
      `No PostgreSQL server programs (initdb, pg_ctl, pg_basebackup) in ${candidates.join(', ') || 'pg_config --bindir or /usr/lib/postgresql/*/bin'}: install the postgresql package, or set TEST_POSTGRES_BIN to their folder.`,
    );
  return found;
}

/**
 * How to run a server program: PostgreSQL refuses to run as root, so as root it runs as the
 * `postgres` user (runuser, or su where there is no runuser), which then owns `folder`.
 */
async function serverRunner(bin: string, folder: string): Promise<(tool: string, args: string[]) => Promise<unknown>> {
  if (process.getuid?.() !== 0) return (tool, args) => run(join(bin, tool), args);
  const [uid, gid] = await Promise.all(['-u', '-g'].map(async (flag) => Number((await run('id', [flag, 'postgres'])).stdout.trim()))).catch(
    () => {
      throw new Error(
        'This test runs as root, and PostgreSQL refuses to: it needs the `postgres` user to run its servers as (install the postgresql package).',
      );
    },
  );
  chownSync(folder, uid!, gid!);
  const runuser = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser'].find(existsSync);
  if (runuser) return (tool, args) => run(runuser, ['-u', 'postgres', '--', join(bin, tool), ...args]);
  const quote = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;
  return (tool, args) => run('su', ['postgres', '-s', '/bin/sh', '-c', [join(bin, tool), ...args].map(quote).join(' ')]);
}

/** initdb a primary, pg_basebackup a standby from it (`-R -X stream`), start both; `destroy` undoes it all. */
export async function startStreamingReplica(): Promise<StreamingReplica> {
  const bin = postgresBinDir();
  const folder = mkdtempSync(join(tmpdir(), 'kits-replica-'));
  const primaryData = join(folder, 'primary');
  const replicaData = join(folder, 'replica');
  const running = new Set<string>();
  const pidFiles = [primaryData, replicaData].map((data) => join(data, 'postmaster.pid'));
  // pg_ctl leaves servers running in the background: should this process end before destroy()
  // (a crashed run), stop them and drop the folder on the way out.
  const onExit = () => {
    for (const file of pidFiles) {
      try {
        const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
        if (pid > 0) process.kill(pid, 'SIGQUIT');
      } catch {
        // not running
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const pgTool = await serverRunner(bin, folder);
  const start = async (data: string) => {
    await pgTool('pg_ctl', ['-D', data, '-l', `${data}.log`, '-w', '-t', '120', 'start']);
    running.add(data);
  };
  const stop = async (data: string, mode: 'fast' | 'immediate') => {
    if (!running.has(data)) return;
    await pgTool('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '120', 'stop']);
    running.delete(data);
  };
  const destroy = async () => {
    // The standby first: stopped after its primary it would keep trying to reconnect.
    for (const data of [replicaData, primaryData]) await stop(data, 'immediate').catch(() => undefined);
    process.removeListener('exit', onExit);
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    const [primaryPort, replicaPort] = [await freePort(), await freePort()];
    await pgTool('initdb', ['-D', primaryData, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync']);
    appendFileSync(
      join(primaryData, 'postgresql.conf'),
      [
        `port = ${primaryPort}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${folder}'`,
        // A physical standby needs WAL with replica detail and a sender to stream it.
        'wal_level = replica',
        'max_wal_senders = 4',
        'max_connections = 100',
        'fsync = off',
        '',
      ].join('\n'),
    );
    appendFileSync(join(primaryData, 'pg_hba.conf'), 'host replication postgres 127.0.0.1/32 trust\n');
    await start(primaryData);

    await pgTool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      'postgres',
      '-D',
      replicaData,
      '-R',
      '-X',
      'stream',
      '--no-sync',
    ]);
    // The copied postgresql.conf names the primary's port: the standby's own settings come after it.
    appendFileSync(join(replicaData, 'postgresql.conf'), [`port = ${replicaPort}`, 'hot_standby = on', ''].join('\n'));
    await start(replicaData);

    const replicaUrl = `postgres://postgres@127.0.0.1:${replicaPort}/postgres`;
    return {
      primaryUrl: `postgres://postgres@127.0.0.1:${primaryPort}/postgres`,
      replicaUrl,
      async onReplica<Row extends object>(sql: string) {
        const client = new pg.Client({ connectionString: replicaUrl });
        await client.connect();
        try {
          return (await client.query<Row & pg.QueryResultRow>(sql)).rows as Row[];
        } finally {
          await client.end();
        }
      },
      stopReplica: () => stop(replicaData, 'fast'),
      startReplica: () => start(replicaData),
      destroy,
    };
  } catch (error) {
    await destroy();
    throw error;
  }
}
