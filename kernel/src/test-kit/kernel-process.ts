import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { httpClient } from '@kits/plugin-sdk/test-kit';

export interface KernelProcess {
  readonly url: string;
  /** The demo tenant's till device (`npm start` prints it). */
  readonly deviceId: string;
  readonly child: ChildProcess;
  /** SIGKILL: the process dies mid-whatever, as a crash would. */
  kill(): Promise<void>;
  /** SIGTERM: a clean shutdown. */
  stop(): Promise<void>;
}

/**
 * The environment of a kernel process on PostgreSQL with the demo tenant seeded (`KITS_DEMO=1`):
 * tenant `demo`, `cashier@demo.kits` with PIN 1234 on a till device, and the plugins' demo data
 * (core-inventory's small café catalog).
 * Keep it to start the same kernel again (same database, same signing key, same port).
 */
const DEMO_OPERATOR = { email: 'operator@demo.kits', password: 'demo-operator-pass' };
const DEMO_ADMIN = { tenant: 'demo', email: 'admin@demo.kits', password: 'demo-admin-pass' };

export const demoKernelEnv = (databaseUrl: string, pluginDirs: readonly string[], port = 0): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  // Nothing on disk beside the test: the embedded registry's files go to the plugin cache.
  DATA_DIR: 'memory://',
  KITS_DEMO: '1',
  JWT_SECRET: randomBytes(32).toString('base64url'),
  OPERATOR_EMAIL: DEMO_OPERATOR.email,
  OPERATOR_PASSWORD: DEMO_OPERATOR.password,
  PLUGIN_DIRS: pluginDirs.join(':'),
  PORT: String(port),
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
});

/** Runs `npm start`'s entry (`@kits/kernel/main`) in its own process and waits for its banner. */
export async function startKernelProcess(env: Record<string, string>): Promise<KernelProcess> {
  const child = spawn(process.execPath, ['--conditions=@kits/source', '--input-type=module', '-e', "await import('@kits/kernel/main')"], {
    // A test's kernel stops at once unless the test asks for a drain (SHUTDOWN_DRAIN_SECONDS in `env`).
    env: { ...process.env, SHUTDOWN_DRAIN_SECONDS: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const ready = await new Promise<{ url: string; deviceId: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the kernel did not start within 90 s: ${errors}`)), 90_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /running at (http:\/\/\S+)/.exec(output)?.[1];
      const deviceId = /till device ([0-9a-f-]{36})/.exec(output)?.[1];
      if (url && deviceId && /plugins {6}/.test(output)) {
        clearTimeout(timer);
        resolve({ url, deviceId });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the kernel exited with ${code}: ${errors}`));
    });
  });
  const exited = () =>
    new Promise<void>((resolve) =>
      child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
    );
  return {
    ...ready,
    child,
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    async stop() {
      child.kill('SIGTERM');
      await exited();
    },
  };
}

/** The operator's and the demo tenant admin's tokens on a demo kernel, and the demo tenant's id. */
export async function signInToDemo(http: ReturnType<typeof httpClient>): Promise<{ operator: string; admin: string; tenantId: string }> {
  const operator = (await http<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', { body: DEMO_OPERATOR })).body.accessToken;
  const admin = (await http<{ accessToken: string }>('POST', '/api/v1/auth/login', { body: DEMO_ADMIN })).body.accessToken;
  const tenants = (await http<{ items: Array<{ id: string; slug: string }> }>('GET', '/api/v1/tenants', { token: operator })).body.items;
  return { operator, admin, tenantId: tenants.find((tenant) => tenant.slug === DEMO_ADMIN.tenant)!.id };
}
