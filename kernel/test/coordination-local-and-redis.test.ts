import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Coordination } from '../src/coordination/coordination.ts';
import { createDatabaseLocks } from '../src/coordination/database-locks.ts';
import { createLocalCoordination } from '../src/coordination/local.ts';
import { createRedisCoordination, untilAnswering } from '../src/coordination/redis.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrateSchema, readMigrations } from '../src/db/migrations.ts';
import { createScratchPostgres, REDIS_URL, type ScratchDatabase } from './support/databases.ts';

const log = pino({ level: 'silent' });
const TENANT = '0190a000-0000-7000-8000-0000000000bb';

const VARIANTS = [
  { name: 'local, idempotency on PGlite', kind: 'local', db: 'pglite' },
  { name: 'local, idempotency on PostgreSQL', kind: 'local', db: 'postgres' },
  { name: 'Redis', kind: 'redis', db: 'pglite' },
] as const;

describe.each(VARIANTS)('coordination: $name', (variant) => {
  let db: Database;
  let scratch: ScratchDatabase | undefined;
  let coordination: Coordination;
  let other: Coordination;
  const prefix = `kits-test-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    if (variant.db === 'postgres') scratch = await createScratchPostgres();
    db = await openDatabase({ databaseUrl: scratch?.url, dataDir: 'memory://' }, [], log);
    await migrateSchema(db, 'kernel', readMigrations(fileURLToPath(new URL('../migrations', import.meta.url))));
    const make = () =>
      variant.kind === 'redis' ? createRedisCoordination({ url: REDIS_URL, keyPrefix: prefix, log, db }) : createLocalCoordination(db);
    coordination = make();
    other = make();
    if (variant.kind === 'redis')
      expect(await Promise.all([untilAnswering(coordination, 10_000), untilAnswering(other, 10_000)])).toEqual([true, true]);
  });
  afterAll(async () => {
    await coordination?.close();
    await other?.close();
    await db?.close();
    await scratch?.drop();
  });

  it('an idempotency key is new once, in progress until completed, then replays; another body is a mismatch', async () => {
    const key = randomBytes(8).toString('hex');
    expect(await coordination.idempotency.claim(TENANT, 'POST /x', key, 'hash-1', 60)).toEqual({ state: 'new' });
    expect(await coordination.idempotency.claim(TENANT, 'POST /x', key, 'hash-1', 60)).toEqual({ state: 'in-progress' });
    await coordination.idempotency.complete(TENANT, 'POST /x', key, {
      statusCode: 201,
      headers: { 'content-type': 'application/json' },
      body: '{"ok":true}',
    });
    expect(await coordination.idempotency.claim(TENANT, 'POST /x', key, 'hash-1', 60)).toEqual({
      state: 'done',
      requestHash: 'hash-1',
      response: { statusCode: 201, headers: { 'content-type': 'application/json' }, body: '{"ok":true}' },
    });
    expect(await coordination.idempotency.claim(TENANT, 'POST /x', key, 'hash-2', 60)).toEqual({ state: 'mismatch' });
    expect(await coordination.idempotency.claim(TENANT, 'POST /other', key, 'hash-2', 60)).toEqual({ state: 'new' });
  });

  it('50 racing claims of one key: exactly one is new', async () => {
    for (let round = 0; round < 5; round++) {
      const key = randomBytes(8).toString('hex');
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 ? other : coordination).idempotency.claim(TENANT, 'POST /race', key, 'h', 60)),
      );
      expect(claims.filter((c) => c.state === 'new')).toHaveLength(1);
    }
  });

  it('a released claim can be claimed again', async () => {
    const key = randomBytes(8).toString('hex');
    await coordination.idempotency.claim(TENANT, 'POST /x', key, 'h', 60);
    await coordination.idempotency.release(TENANT, 'POST /x', key);
    expect(await coordination.idempotency.claim(TENANT, 'POST /x', key, 'h', 60)).toEqual({ state: 'new' });
  });

  it('a claim left without an answer (its process killed mid-request) lapses after its in-progress time; an answer stays', async () => {
    const short =
      variant.kind === 'redis'
        ? createRedisCoordination({ url: REDIS_URL, keyPrefix: prefix, log, db, inProgressSeconds: 1 })
        : createLocalCoordination(db, 1);
    try {
      if (variant.kind === 'redis') expect(await untilAnswering(short, 10_000)).toBe(true);
      const [abandoned, answered] = [randomBytes(8).toString('hex'), randomBytes(8).toString('hex')];
      for (const key of [abandoned, answered])
        expect(await short.idempotency.claim(TENANT, 'POST /x', key, 'h', 3600)).toEqual({ state: 'new' });
      await short.idempotency.complete(TENANT, 'POST /x', answered, { statusCode: 201, headers: {}, body: '{}' });
      expect(await short.idempotency.claim(TENANT, 'POST /x', abandoned, 'h', 3600)).toEqual({ state: 'in-progress' });
      await new Promise((resolve) => setTimeout(resolve, 2100));
      expect(await short.idempotency.claim(TENANT, 'POST /x', abandoned, 'h', 3600)).toEqual({ state: 'new' });
      expect(await short.idempotency.claim(TENANT, 'POST /x', answered, 'h', 3600)).toMatchObject({
        state: 'done',
        response: { statusCode: 201 },
      });
    } finally {
      await short.close();
    }
  });

  it('a lock is held by one caller at a time', async () => {
    let inside = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        coordination.locks.tryWithLock('job:x', 5000, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 20));
          inside -= 1;
          return 'ran';
        }),
      ),
    );
    expect(most).toBe(1);
    expect(results.filter((r) => r === 'ran')).toHaveLength(1);
    expect(await coordination.locks.tryWithLock('job:x', 5000, async () => 'again')).toBe('again');
  });

  it('a rate limit allows exactly the limit per window', async () => {
    const key = `login:${randomBytes(4).toString('hex')}`;
    const hits = await Promise.all(Array.from({ length: 15 }, () => coordination.rateLimits.hit(key, 10, 60)));
    expect(hits.filter((h) => h.allowed)).toHaveLength(10);
    expect(hits.find((h) => !h.allowed)!.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('pub/sub delivers a message to a subscriber', async () => {
    const target = variant.kind === 'redis' ? other : coordination;
    const received: string[] = [];
    const unsubscribe = await target.pubsub.subscribe('plugins', (message) => received.push(message));
    await coordination.pubsub.publish('plugins', 'tenant-1');
    const deadline = Date.now() + 5000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(received).toEqual(['tenant-1']);
    await unsubscribe();
  });
});

// While Redis is away, plugin jobs take PostgreSQL advisory locks instead (coordination/redis.ts).
describe('database locks on PostgreSQL, across two connection pools', () => {
  let scratch: ScratchDatabase;
  let pools: Database[];
  beforeAll(async () => {
    scratch = await createScratchPostgres();
    pools = [await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://' }, [], log)];
    pools.push(await openDatabase({ databaseUrl: scratch.url, dataDir: 'memory://' }, [], log));
  });
  afterAll(async () => {
    for (const pool of pools ?? []) await pool.close();
    await scratch?.drop();
  });

  it('one caller holds a lock at a time; once it is done the lock is free again', async () => {
    const locks = pools.map((pool) => createDatabaseLocks(pool));
    let inside = 0;
    let most = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        locks[i % 2]!.tryWithLock('job:y', 5000, async () => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 50));
          inside -= 1;
          return 'ran';
        }),
      ),
    );
    expect(most).toBe(1);
    expect(results.filter((r) => r === 'ran').length).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r === 'ran').length).toBeLessThan(20);
    expect(await locks[1]!.tryWithLock('job:y', 5000, async () => 'again')).toBe('again');
    expect(await locks[0]!.tryWithLock('job:other', 5000, async () => 'other')).toBe('other');
  });
});
