import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../testing/free-port.ts';

/** A Redis of the test's own, on a port and in a folder of its own, so the test may kill and restart it. */
async function startRedis(port: number, dir: string, appendOnly: boolean): Promise<ChildProcess> {
  const args = ['--port', String(port), '--dir', dir, '--save', '', '--bind', '127.0.0.1'];
  if (appendOnly) args.push('--appendonly', 'yes', '--appendfsync', 'always');
  const server = spawn('redis-server', args, { stdio: 'ignore' });
  const client = new Redis({ port, lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null });
  client.on('error', () => undefined); // refused until the server listens: retried
  await client.connect().catch(() => undefined);
  await client.ping();
  client.disconnect();
  return server;
}

const killed = (server: ChildProcess) =>
  new Promise<void>((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGKILL');
  });

/**
 * Idempotency keys are held by Redis when there is one: run with its append-only file (as
 * docs/operations.md says), a key answered before Redis is killed and restarted still replays its
 * first answer, so a till's retry never writes twice. A Redis without it is named in the log.
 */
describe('idempotency keys survive a Redis restart with its append-only file', () => {
  let kit: TestKernel;
  let redis: ChildProcess;
  let port: number;
  let dir: string;
  const warnings: string[] = [];

  const createLocation = (key: string) =>
    kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Harbour kiosk', kind: 'store' },
      headers: { 'idempotency-key': key },
    });
  const kiosks = async () =>
    (await kit.kernel.db.query<{ n: number }>("select count(*)::int as n from kernel.locations where name = 'Harbour kiosk'"))[0]!.n;

  beforeAll(async () => {
    port = await freePort();
    dir = mkdtempSync(join(tmpdir(), 'kits-redis-aof-'));
    redis = await startRedis(port, dir, true);
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          warnings.push(chunk.toString());
          done();
        },
      }),
    );
    kit = await createTestKernel({ db: 'postgres', env: { REDIS_URL: `redis://127.0.0.1:${port}` }, logger });
  });
  afterAll(async () => {
    await kit?.close();
    if (redis && redis.exitCode === null) await killed(redis);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a key answered before Redis is killed and restarted replays its first answer: nothing is written twice', async () => {
    const first = await createLocation('kiosk-once-1');
    expect(first.status).toBe(201);
    await killed(redis);
    redis = await startRedis(port, dir, true);
    // The kernel's connection comes back by itself (readiness says so); the retry then finds the key
    // where it was. (A retry while Redis is away goes to the database's keys, which know only what was
    // answered while it was away: D-095.)
    await expect
      .poll(async () => (await kit.request<{ status: string }>('GET', '/readyz', { token: null })).body.status, {
        timeout: 15_000,
        interval: 100,
      })
      .toBe('ready');
    const retried = await createLocation('kiosk-once-1');
    expect([retried.status, retried.body.id]).toEqual([201, first.body.id]);
    expect(await kiosks()).toBe(1);
    expect(warnings.join('')).not.toContain('append-only file');
  });

  it('a Redis without its append-only file is named in the log, with what to do', async () => {
    const plainPort = await freePort();
    const plainDir = mkdtempSync(join(tmpdir(), 'kits-redis-plain-'));
    const plain = await startRedis(plainPort, plainDir, false);
    const seen: string[] = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          seen.push(chunk.toString());
          done();
        },
      }),
    );
    const other = await createTestKernel({ db: 'pglite', env: { REDIS_URL: `redis://127.0.0.1:${plainPort}` }, logger });
    try {
      await expect.poll(() => seen.join(''), { timeout: 5000 }).toContain('run Redis with --appendonly yes');
    } finally {
      await other.close();
      await killed(plain);
      rmSync(plainDir, { recursive: true, force: true });
    }
  });
});
