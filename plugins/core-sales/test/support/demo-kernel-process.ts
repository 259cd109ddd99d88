import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { httpClient } from '@kits/plugin-sdk/test-kit';

const MAIN = fileURLToPath(new URL('../../../../kernel/src/main.ts', import.meta.url));
const PLUGINS = fileURLToPath(new URL('../../../', import.meta.url));

export interface DemoKernel {
  readonly url: string;
  readonly deviceId: string;
  readonly child: ChildProcess;
  /** SIGKILL: the process dies mid-whatever, as a crash would. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** Settings every process of one test shares (same database, same signing key). */
export const demoEnv = (databaseUrl: string) => ({
  DATABASE_URL: databaseUrl,
  KITS_DEMO: '1',
  JWT_SECRET: randomBytes(32).toString('base64url'),
  OPERATOR_EMAIL: 'operator@demo.kits',
  OPERATOR_PASSWORD: 'demo-operator-pass',
  PLUGIN_DIRS: PLUGINS,
  PORT: '0',
  LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
});

/** Runs `npm start`'s entry in its own process on PostgreSQL with the demo tenant seeded. */
export async function startDemoKernel(env: Record<string, string>): Promise<DemoKernel> {
  const child = spawn(process.execPath, ['--conditions=@kits/source', MAIN], {
    env: { ...process.env, ...env },
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

export { httpClient };
