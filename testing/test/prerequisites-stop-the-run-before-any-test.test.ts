import { spawn } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../free-port.ts';
import { findCommand } from '../prerequisites/commands.ts';
import { SYSTEM_PACKAGES } from '../prerequisites/system-packages.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHECK = join(ROOT, 'testing/prerequisites/main.ts');

/** URLs at which nothing answers: port 1 on this machine. */
const NOTHING = {
  TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:1/postgres',
  TEST_REDIS_URL: 'redis://127.0.0.1:1',
  TEST_AMQP_URL: 'amqp://guest:secret@127.0.0.1:1',
} as const;
type ServiceVariable = keyof typeof NOTHING;

const folders: string[] = [];
const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  for (const cleanup of cleanups) await cleanup();
});

/** Stops the Redis the check started (it keeps nothing on disk). */
async function stopRedis(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
  redis.on('error', () => undefined);
  await redis.connect().catch(() => undefined);
  await redis.call('SHUTDOWN', 'NOSAVE').catch(() => undefined);
  redis.disconnect();
}

/** A PATH of one folder holding only `commands` (found on the real PATH): everything else is hidden. */
function pathWith(commands: readonly string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'kits-path-'));
  folders.push(folder);
  for (const command of commands) symlinkSync(findCommand(command)!, join(folder, command));
  return folder;
}

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `args` under this Node with exactly `env` (no inherited PATH or URLs). */
function run(args: readonly string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: ROOT, env: { HOME: process.env.HOME ?? '/root', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const missingLines = (output: string): string[] =>
  output.split('\n').filter((line) => line.startsWith('prerequisites: ') && !line.includes(' missing, so no test was run.'));

const EXPECTED: Record<string, RegExp> = {
  PostgreSQL:
    /^prerequisites: PostgreSQL does not answer at postgres:\/\/postgres@127\.0\.0\.1:1\/postgres \(connect ECONNREFUSED 127\.0\.0\.1:1\) and cannot be started here \(pg_ctlcluster is not on PATH\): install it with `sudo apt-get install -y postgresql` and start it with `pg_ctlcluster --skip-systemctl-redirect \S+ main start`, or set TEST_POSTGRES_URL to a PostgreSQL that runs$/,
  Redis:
    /^prerequisites: Redis does not answer at redis:\/\/127\.0\.0\.1:1 \(connect ECONNREFUSED 127\.0\.0\.1:1\) and cannot be started here \(redis-server is not on PATH\): install it with `sudo apt-get install -y redis-server` and start it with `redis-server --daemonize yes --port 1`, or set TEST_REDIS_URL to a Redis that runs$/,
  RabbitMQ:
    /^prerequisites: RabbitMQ does not answer at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:1 \(connect ECONNREFUSED 127\.0\.0\.1:1\) and cannot be started here \(rabbitmq-server is not on PATH\): install it with `sudo apt-get install -y rabbitmq-server` and start it with `rabbitmq-server -detached`, or set TEST_AMQP_URL to a RabbitMQ that runs$/,
  Chromium:
    /^prerequisites: Chromium is missing \(no chromium on PATH\), needed for the till and office UI tests \(Playwright\): install it with `sudo apt-get install -y chromium`$/,
  socat:
    /^prerequisites: socat is missing \(no socat on PATH\), needed for the serial device tests \(pseudo-terminal pairs\): install it with `sudo apt-get install -y socat`$/,
  udev: /^prerequisites: udev is missing \(no udevadm on PATH\), needed for listing serial ports as a till with udev does: install it with `sudo apt-get install -y udev`$/,
  HAProxy:
    /^prerequisites: HAProxy is missing \(no haproxy on PATH\), needed for the production topology test \(the TLS load balancer\): install it with `sudo apt-get install -y haproxy`$/,
  PgBouncer:
    /^prerequisites: PgBouncer is missing \(no pgbouncer on PATH\), needed for the production topology test \(transaction pooling\): install it with `sudo apt-get install -y pgbouncer`$/,
  promtool:
    /^prerequisites: promtool is missing \(no promtool on PATH\), needed for checking and unit-testing the Prometheus alert rules: install it with `sudo apt-get install -y prometheus`$/,
};

const SERVICES: ReadonlyArray<readonly [string, ServiceVariable]> = [
  ['PostgreSQL', 'TEST_POSTGRES_URL'],
  ['Redis', 'TEST_REDIS_URL'],
  ['RabbitMQ', 'TEST_AMQP_URL'],
];

describe('the prerequisites of npm test', () => {
  it('with every prerequisite hidden, npm test stops before building or running anything, one line for each', async () => {
    const npm = realpathSync(findCommand('npm')!);

    // npm runs scripts with `sh` from PATH; every prerequisite is hidden.
    const result = await run([npm, 'test'], { PATH: pathWith(['sh']), ...NOTHING });

    expect(result.code).not.toBe(0);
    const lines = missingLines(result.stderr);
    expect(lines).toHaveLength(9);
    for (const [name, line] of Object.entries(EXPECTED))
      expect(
        lines.filter((said) => line.test(said)),
        name,
      ).toHaveLength(1);
    expect(result.stderr).toContain('prerequisites: 9 missing, so no test was run.');
    // Neither the build nor vitest started: npm echoes each script it runs.
    expect(result.stdout).not.toMatch(/> (tsc|vitest)/);
    expect(result.stdout).not.toMatch(/RUN\s+v\d/);
    // The password in a URL is not printed.
    expect(result.stderr).not.toContain('secret');
  });

  it.each(SERVICES)('with only %s at a URL where nothing answers (and no way to start it), it names that alone', async (name, variable) => {
    const result = await run([CHECK], { PATH: pathWith(SYSTEM_PACKAGES.map((entry) => entry.command)), [variable]: NOTHING[variable] });

    expect(result.code).toBe(1);
    expect(missingLines(result.stderr)).toHaveLength(1);
    expect(missingLines(result.stderr)[0]).toMatch(EXPECTED[name]!);
  });

  it.each(SYSTEM_PACKAGES.map((entry) => [entry.name, entry.command] as const))(
    'with only %s hidden from PATH (and no apt-get), it names that alone with its install command',
    async (name, command) => {
      const others = SYSTEM_PACKAGES.map((entry) => entry.command).filter((other) => other !== command);

      const result = await run([CHECK], { PATH: pathWith(others) });

      expect(result.code).toBe(1);
      expect(missingLines(result.stderr)).toHaveLength(1);
      expect(missingLines(result.stderr)[0]).toMatch(EXPECTED[name]!);
    },
  );

  it("a local service that is down is started with this machine's command, then the run goes on", async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    cleanups.push(() => stopRedis(url));

    const result = await run([CHECK], { PATH: process.env.PATH ?? '', TEST_REDIS_URL: url });

    expect(result.stdout).toContain(`prerequisites: starting Redis (redis-server --daemonize yes --port ${port})`);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const redis = new Redis(url, { lazyConnect: true });
    await redis.connect();
    expect(await redis.ping()).toBe('PONG');
    redis.disconnect();
  });

  it('with everything there, it says so and lets the run go on', async () => {
    const result = await run([CHECK], { PATH: process.env.PATH ?? '' });

    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      'prerequisites: PostgreSQL, Redis, RabbitMQ, Chromium, socat, udev, HAProxy, PgBouncer and promtool are ready\n',
    );
    expect(result.code).toBe(0);
  });
});
