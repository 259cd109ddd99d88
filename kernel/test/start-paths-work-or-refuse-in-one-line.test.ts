import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createScratchPostgres, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SECRET = randomBytes(32).toString('base64url');

/** The environment `npm start` sees, without the test run's own settings leaking in. */
function startEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !/^(DATABASE_URL|REDIS_URL|AMQP_URL|KITS_|OPERATOR_|LOG_|PORT|HOST|DATA_DIR)/.test(name),
    ),
  );
  return { ...inherited, PORT: '0', SHUTDOWN_DRAIN_SECONDS: '0', ...env };
}

interface Started {
  readonly url: string;
  /** Everything printed up to and including the banner's last line. */
  readonly stdout: string;
  readonly stderr: string;
  stop(): Promise<void>;
}

const running: ChildProcess[] = [];
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  for (const cleanup of cleanups) await cleanup();
});

/** `npm start`'s entry in its own process (cwd: the repository), until its banner has been printed. */
function start(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--conditions=@kits/source', MAIN], { cwd: ROOT, env: startEnv(env) });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /KiTS POS is running at (http:\/\/\S+)/.exec(stdout)?.[1];
      if (url && /\n {2}plugins {6}.*\n/.test(stdout)) {
        resolve({
          url: url.replace('localhost', '127.0.0.1'),
          stdout,
          stderr,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`the kernel exited (${code}) before its banner:\n${stdout}\n${stderr}`)));
  });
}

/** `npm start`'s entry run to its end: its exit code and what it wrote to stderr. */
function refused(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--conditions=@kits/source', MAIN], { cwd: ROOT, env: startEnv(env) });
  running.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stdout, stderr })));
}

async function readyz(url: string): Promise<number> {
  return (await fetch(`${url}/readyz`)).status;
}

async function scratchPostgres(): Promise<ScratchDatabase> {
  const database = await createScratchPostgres();
  cleanups.push(() => database.drop());
  return database;
}

function scratchFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'kits-start-'));
  cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
  return folder;
}

/** The banner's lines: from "KiTS POS is running" to "plugins". */
const bannerOf = (stdout: string): string[] => {
  const lines = stdout.split('\n');
  const first = lines.findIndex((line) => line.startsWith('KiTS POS is running at'));
  return lines.slice(first, lines.findIndex((line, index) => index > first && line.startsWith('  plugins')) + 1);
};

describe('npm start on the embedded default (PGlite)', () => {
  it('starts with the demo tenant, logs for a person, and prints its banner last, after the plugins loaded', async () => {
    // LOG_FORMAT=pretty is what a terminal gets when LOG_FORMAT is unset.
    const kernel = await start({ DATA_DIR: scratchFolder(), LOG_FORMAT: 'pretty', LOG_LEVEL: 'info' });

    expect(await readyz(kernel.url)).toBe(200);
    const lines = kernel.stdout.split('\n').filter(Boolean);
    const banner = bannerOf(kernel.stdout);
    expect(banner[0]).toMatch(
      /^KiTS POS is running at http:\/\/localhost:\d+ {2}\(embedded PGlite in .*kits-start-.*, in-process events\)$/,
    );
    expect(banner.join('\n')).toContain('demo tenant  "demo" (created now)');
    expect(banner.join('\n')).toMatch(/pair a till {2}open http:\/\/localhost:\d+\/till\/ and enter the code [A-Z0-9]{8}/);
    expect(banner.join('\n')).toContain('operator     operator@demo.kits / demo-operator-pass');
    expect(banner.at(-1)).toBe(
      '  plugins      accounting, core-inventory, core-sales, escpos-receipts, notifications, purchasing, quickbooks, reports, shopify, stripe-pay, webhooks, xero, zebra-zpl',
    );
    // Human-readable log lines, none of them JSON, and the plugins' migrations logged before the banner.
    const logLines = lines.slice(0, lines.indexOf(banner[0]!));
    expect(logLines.length).toBeGreaterThan(3);
    for (const line of logLines) expect(line.startsWith('{')).toBe(false);
    expect(logLines.some((line) => line.includes('plugin migrations applied'))).toBe(true);
    await kernel.stop();
  }, 180_000);
});

describe('npm start on PostgreSQL (DATABASE_URL)', () => {
  it('starts without a demo tenant, JSON log lines when not at a terminal', async () => {
    const database = await scratchPostgres();
    const kernel = await start({ DATABASE_URL: database.url, JWT_SECRET: SECRET, LOG_LEVEL: 'info' });

    expect(await readyz(kernel.url)).toBe(200);
    const banner = bannerOf(kernel.stdout);
    expect(banner[0]).toContain('(PostgreSQL at postgres://postgres@127.0.0.1:5432/kits_test_');
    expect(banner.join('\n')).not.toContain('demo tenant');
    expect(banner.join('\n')).not.toContain('operator');
    const logLines = kernel.stdout.split('\n').filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    for (const line of logLines) expect(JSON.parse(line)).toHaveProperty('msg');
    await kernel.stop();
  });

  it('with KITS_DEMO=1 and no operator configured, starts with the demo tenant, whose admin signs in', async () => {
    const database = await scratchPostgres();
    const kernel = await start({ DATABASE_URL: database.url, JWT_SECRET: SECRET, KITS_DEMO: '1', LOG_LEVEL: 'warn' });

    expect(await readyz(kernel.url)).toBe(200);
    expect(bannerOf(kernel.stdout).join('\n')).toContain('demo tenant  "demo" (created now)');
    expect(bannerOf(kernel.stdout).join('\n')).not.toContain('operator');
    const login = await fetch(`${kernel.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: 'demo', email: 'admin@demo.kits', password: 'demo-admin-pass' }),
    });
    expect(login.status).toBe(200);
    expect(kernel.stderr).toBe('');
    await kernel.stop();
  });

  it('a port another program holds is refused in one line naming PORT', async () => {
    const database = await scratchPostgres();
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
    const port = (holder.address() as { port: number }).port;

    const result = await refused({ DATABASE_URL: database.url, JWT_SECRET: SECRET, PORT: String(port), LOG_LEVEL: 'warn' });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `KiTS kernel cannot start — PORT: 127.0.0.1:${port} is in use by another program: stop it, or set PORT to a free port (PORT=0 picks one)\n`,
    );
  });

  it('a PostgreSQL that does not answer is refused in one line naming DATABASE_URL, after DATABASE_WAIT_SECONDS', async () => {
    const result = await refused({
      DATABASE_URL: 'postgres://kits:hunter2@127.0.0.1:1/kits',
      JWT_SECRET: SECRET,
      DATABASE_WAIT_SECONDS: '0',
      LOG_LEVEL: 'fatal',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'KiTS kernel cannot start — DATABASE_URL: no PostgreSQL answered at postgres://kits:***@127.0.0.1:1/kits within DATABASE_WAIT_SECONDS (0 s; connect ECONNREFUSED 127.0.0.1:1): start PostgreSQL, or fix DATABASE_URL\n',
    );
  });

  it('the demo set-up with a Redis that does not answer is refused in one line naming REDIS_URL', async () => {
    const database = await scratchPostgres();

    const result = await refused({
      DATABASE_URL: database.url,
      JWT_SECRET: SECRET,
      KITS_DEMO: '1',
      REDIS_URL: 'redis://127.0.0.1:1',
      LOG_LEVEL: 'fatal',
    });

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'KiTS kernel cannot start — REDIS_URL: no Redis answers at redis://127.0.0.1:1, so plugins cannot be enabled for the demo tenant: start Redis, fix REDIS_URL, or unset it to coordinate in process\n',
    );
  });
});

describe('npm start with a wrong, missing or conflicting variable', () => {
  // Each is refused before anything starts: one line on stderr naming the variable, exit code 1.
  const embedded = { DATA_DIR: 'memory://' };
  const postgres = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres' };
  it.each<[Record<string, string>, string]>([
    [{ ...postgres }, 'JWT_SECRET: is required when DATABASE_URL is set'],
    [{ ...postgres, JWT_SECRET: 'short' }, 'JWT_SECRET: must be at least 32 characters'],
    [{ DATABASE_URL: 'mysql://localhost/shop' }, 'DATABASE_URL: expected a postgres: or postgresql: URL, got mysql:'],
    [{ DATA_DIR: '/etc/hostname/data' }, 'DATA_DIR: cannot create or write the folder /etc/hostname/data (ENOTDIR)'],
    [{ ...embedded, REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL: expected a redis: or rediss: URL'],
    [{ ...embedded, AMQP_URL: 'localhost:5672' }, 'AMQP_URL: expected a amqp: or amqps: URL'],
    [{ ...embedded, PLUGIN_SETTINGS_KEY: 'short' }, 'PLUGIN_SETTINGS_KEY: must be at least 32 characters'],
    [{ ...embedded, HOST: 'my host' }, 'HOST: "my host" is not a host name or address'],
    [{ ...embedded, PORT: 'eighty' }, 'PORT: "eighty" is not a whole number'],
    [{ ...embedded, PLUGIN_DIRS: '/nonexistent/plugins' }, 'PLUGIN_DIRS: /nonexistent/plugins is not a folder'],
    [{ ...embedded, REGISTRY_URL: 'ftp://registry' }, 'REGISTRY_URL: expected a http: or https: URL, got ftp:'],
    [
      { ...embedded, REGISTRY_URL: 'http://127.0.0.1:4000', PLUGIN_DIRS: 'plugins' },
      'PLUGIN_DIRS: is for the embedded registry and unused with REGISTRY_URL',
    ],
    [
      { ...embedded, REGISTRY_URL: 'http://127.0.0.1:4000', REGISTRY_FILES_DIR: '/tmp' },
      'REGISTRY_FILES_DIR: is for the embedded registry and unused with REGISTRY_URL',
    ],
    [{ ...embedded, TRUSTED_PUBLISHERS: 'acme' }, 'TRUSTED_PUBLISHERS: "acme" is not <publisher>=ed25519:<key>'],
    [
      { ...embedded, PLUGIN_CACHE_DIR: '/etc/hostname/cache' },
      'PLUGIN_CACHE_DIR: cannot create or write the folder /etc/hostname/cache (ENOTDIR)',
    ],
    [{ ...embedded, TILL_DIR: '/tmp' }, 'TILL_DIR: /tmp holds no built till app (no index.html)'],
    [{ ...embedded, OPERATOR_EMAIL: 'ops@example.com' }, 'OPERATOR_PASSWORD: is needed with OPERATOR_EMAIL'],
    [{ ...embedded, OPERATOR_PASSWORD: 'long-enough-pass' }, 'OPERATOR_EMAIL: is needed with OPERATOR_PASSWORD'],
    [{ ...embedded, OPERATOR_EMAIL: 'ops', OPERATOR_PASSWORD: 'long-enough-pass' }, 'OPERATOR_EMAIL: "ops" is not an e-mail address'],
    [{ ...embedded, LOG_LEVEL: 'loud' }, 'LOG_LEVEL: "loud" is not one of'],
    [{ ...embedded, LOG_FORMAT: 'xml' }, 'LOG_FORMAT: "xml" is not one of json, pretty'],
    [{ ...embedded, BODY_LIMIT_BYTES: '1gb' }, 'BODY_LIMIT_BYTES: "1gb" is not a whole number'],
    [{ ...embedded, HANDLER_TIMEOUT_MS: '5' }, 'HANDLER_TIMEOUT_MS: 5 is outside 10..600000'],
    [{ ...embedded, EVENT_RETENTION_DAYS: '0' }, 'EVENT_RETENTION_DAYS: 0 is outside 1..3650'],
    [{ ...embedded, DATABASE_WAIT_SECONDS: '-1' }, 'DATABASE_WAIT_SECONDS: "-1" is not a whole number'],
    [{ ...embedded, ACCESS_TOKEN_TTL_SECONDS: '10' }, 'ACCESS_TOKEN_TTL_SECONDS: 10 is outside 30..86400'],
    [
      { ...embedded, ACCESS_TOKEN_TTL_SECONDS: '3600', REFRESH_TOKEN_TTL_SECONDS: '600' },
      'REFRESH_TOKEN_TTL_SECONDS: 600 is not longer than ACCESS_TOKEN_TTL_SECONDS (3600)',
    ],
    [{ ...embedded, KITS_DEMO: 'yes' }, 'KITS_DEMO: "yes" is neither 1 (set up the demo tenant) nor 0 (do not)'],
  ])('%j: %s', async (env, line) => {
    const result = await refused(env);

    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr.startsWith(`KiTS kernel cannot start — ${line}`)).toBe(true);
  });
});

describe('npm run registry, and a kernel that installs from it (REGISTRY_URL)', () => {
  const REGISTRY_MAIN = fileURLToPath(new URL('../src/standalone-registry.ts', import.meta.url));

  function registry(env: Record<string, string>): ChildProcess {
    const child = spawn(process.execPath, ['--conditions=@kits/source', REGISTRY_MAIN], { cwd: ROOT, env: startEnv(env) });
    running.push(child);
    return child;
  }

  it('the registry starts on PGlite; a kernel on PostgreSQL starts against it and says what it offers', async () => {
    const child = registry({ REGISTRY_DATA_DIR: scratchFolder(), LOG_LEVEL: 'warn' });
    const registryUrl = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const url = /KiTS plugin registry at (http:\/\/\S+)/.exec(output)?.[1];
        if (url) resolve(url);
      });
      child.once('exit', (code) => reject(new Error(`the registry exited (${code}): ${output}`)));
    });
    const database = await scratchPostgres();

    const kernel = await start({ DATABASE_URL: database.url, JWT_SECRET: SECRET, REGISTRY_URL: registryUrl, LOG_LEVEL: 'warn' });

    expect(await readyz(kernel.url)).toBe(200);
    const banner = bannerOf(kernel.stdout).join('\n');
    expect(banner).toContain(`  registry     ${registryUrl}`);
    expect(banner).toContain(`  plugins      (none offered by ${registryUrl})`);
    await kernel.stop();
    child.kill('SIGTERM');
  });

  it('the registry (on PostgreSQL) on a port another program holds is refused in one line naming PORT', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => holder.close(resolve)));
    const port = (holder.address() as { port: number }).port;
    // On PostgreSQL, which it migrates in a moment (PGlite's start is the slow part of the test above).
    const database = await scratchPostgres();
    const child = registry({
      DATABASE_URL: database.url,
      REGISTRY_OPERATOR_TOKEN: SECRET,
      REGISTRY_DATA_DIR: scratchFolder(),
      PORT: String(port),
      LOG_LEVEL: 'fatal',
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));

    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    expect(code).toBe(1);
    expect(stderr).toBe(
      `KiTS registry cannot start — PORT: 127.0.0.1:${port} is in use by another program: stop it, or set PORT to a free port (PORT=0 picks one)\n`,
    );
  });
});
