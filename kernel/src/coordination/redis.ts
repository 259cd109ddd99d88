import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import type { Database } from '../db/database.ts';
import type { Coordination, IdempotencyClaim, IdempotencyStore, LockService, PubSub, RateLimiter } from './coordination.ts';
import { createDatabaseLocks } from './database-locks.ts';
import { createDatabaseIdempotencyStore, createLocalRateLimiter, DEFAULT_IN_PROGRESS_SECONDS } from './local.ts';

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Claims a key for a request hash, or tells what is there: new / in-progress / done / mismatch.
// A claim in progress lives ARGV[3] seconds at most (a request that never finished, its process
// gone, must not hold its key for the whole time to live); a finished answer the full ARGV[2].
const CLAIM = `
local existing = redis.call('hgetall', KEYS[1])
if #existing == 0 then
  redis.call('hset', KEYS[1], 'hash', ARGV[1])
  redis.call('expire', KEYS[1], ARGV[3])
  return {'new'}
end
local fields = {}
for i = 1, #existing, 2 do fields[existing[i]] = existing[i + 1] end
if fields['hash'] ~= ARGV[1] then return {'mismatch'} end
if not fields['status'] then return {'in-progress'} end
return {'done', fields['status'], fields['headers'], fields['body']}
`;
// Keeps the later of two instants (ms): when some process last went round Redis.
const LATEST = `
local known = tonumber(redis.call('get', KEYS[1]) or '0')
local mine = tonumber(ARGV[1])
if mine > known then redis.call('set', KEYS[1], ARGV[1], 'EX', ARGV[2]) return ARGV[1] end
return tostring(known)
`;

const DEFAULT_TTL_SECONDS = 24 * 3600;

export interface RedisCoordinationOptions {
  readonly url: string;
  readonly keyPrefix: string;
  readonly log: Logger;
  /** Where coordination goes while Redis is away: idempotency records, advisory locks. */
  readonly db: Database;
  /**
   * How long a claimed idempotency key stays in progress without an answer: a request whose kernel
   * was killed must not hold its key for the key's whole time to live (default 30 s).
   */
  readonly inProgressSeconds?: number;
}

/**
 * Coordination through Redis, shared by every kernel process; it reconnects on its own. While
 * Redis does not answer, each service takes a fallback at once (docs/decisions.md, D-095):
 * - idempotency keys are claimed in the database (kernel.idempotency_keys, shared by every process
 *   on it); for a key's time to live after Redis was last away, a key Redis does not know is
 *   looked up there too, so a request answered meanwhile replays its answer;
 * - locks are PostgreSQL advisory locks (this process's own on PGlite);
 * - rate limits count in this process only;
 * - pub/sub reaches this process's listeners only (`reachesEveryProcess()` is false), and when the
 *   subscription connection is back, `onGap` listeners hear that messages may have been missed.
 */
export function createRedisCoordination(options: RedisCoordinationOptions): Coordination {
  const { keyPrefix: prefix, log, db } = options;
  const inProgressSeconds = options.inProgressSeconds ?? DEFAULT_IN_PROGRESS_SECONDS;
  let closing = false;
  const connect = (name: string, extra: RedisOptions) => {
    const client = new Redis(options.url, { connectionName: name, retryStrategy: (attempt) => Math.min(attempt * 200, 2000), ...extra });
    client.on('error', (error) => log.debug({ err: error, redis: name }, 'redis connection problem'));
    return client;
  };
  // Commands fail at once while Redis is away (no offline queue; 2 s at most when it hangs), so
  // a request takes the fallback instead of waiting. Subscriptions wait for the connection.
  const redis = connect('kits-kernel', { maxRetriesPerRequest: 1, commandTimeout: 2000, enableOfflineQueue: false });
  const subscriber = connect('kits-kernel-sub', { maxRetriesPerRequest: null });
  const up = () => redis.status === 'ready';

  // When Redis was last away, or went round: idempotency keys may be in the database since then.
  let bypassedAt: number | undefined;
  let wasReady = false;
  let away = false;
  const bypassed = () => {
    bypassedAt = Date.now();
    if (!away && !closing) {
      away = true;
      log.warn(
        'Redis is unreachable: idempotency keys go to the database, locks are database locks, rate limits count per process, pub/sub reaches this process only',
      );
    }
  };
  redis.on('close', () => {
    if (wasReady) bypassed();
  });
  let toldNotPersistent = false;
  redis.on('ready', () => {
    if (away) log.warn('Redis is back: coordination goes through it again');
    away = false;
    wasReady = true;
    // Idempotency keys live in Redis: one that keeps them in memory only forgets them when it restarts.
    redis
      .info('persistence')
      .then((info) => {
        if (/^aof_enabled:1\r?$/m.test(info) || toldNotPersistent) return;
        toldNotPersistent = true;
        log.warn(
          'Redis runs without its append-only file (appendonly no): the idempotency keys it holds are lost when it restarts, and a retried request answered before may run again; run Redis with --appendonly yes (docs/operations.md)',
        );
      })
      .catch((error: unknown) => log.debug({ err: error }, 'could not read the persistence of Redis'));
    // Share when this process last went round Redis, and learn when any other did (a process
    // started after an outage did not see it).
    const marker = `${prefix}idem:bypassed-at`;
    redis
      .eval(LATEST, 1, marker, String(bypassedAt ?? 0), String(7 * 24 * 3600))
      .then((latest) => {
        const at = Number(latest);
        if (at > 0 && at > (bypassedAt ?? 0)) bypassedAt = at;
      })
      .catch((error: unknown) => log.debug({ err: error }, 'could not share the Redis bypass marker'));
  });

  const idempotencyKey = (tenantId: string, scope: string, key: string) => `${prefix}idem:${tenantId}:${scope}:${key}`;
  const database = createDatabaseIdempotencyStore(db, inProgressSeconds);
  /** Claims this process made and has not answered yet: where they are, and what completing them needs. */
  const inFlight = new Map<string, { store: 'redis' | 'database'; requestHash: string; ttlSeconds: number }>();

  async function claimInRedis(id: string, requestHash: string, ttlSeconds: number): Promise<IdempotencyClaim> {
    const reply = (await redis.eval(
      CLAIM,
      1,
      id,
      requestHash,
      String(ttlSeconds),
      String(Math.min(ttlSeconds, inProgressSeconds)),
    )) as string[];
    switch (reply[0]) {
      case 'new':
        return { state: 'new' };
      case 'mismatch':
        return { state: 'mismatch' };
      case 'in-progress':
        return { state: 'in-progress' };
      default:
        return {
          state: 'done',
          requestHash,
          response: { statusCode: Number(reply[1]), headers: JSON.parse(reply[2] ?? '{}') as Record<string, string>, body: reply[3] ?? '' },
        };
    }
  }

  const idempotency: IdempotencyStore = {
    async claim(tenantId, scope, key, requestHash, ttlSeconds) {
      const id = idempotencyKey(tenantId, scope, key);
      const inDatabase = async () => {
        bypassed();
        const claim = await database.claim(tenantId, scope, key, requestHash, ttlSeconds);
        if (claim.state === 'new') inFlight.set(id, { store: 'database', requestHash, ttlSeconds });
        return claim;
      };
      if (!up()) return inDatabase();
      let claim: IdempotencyClaim;
      try {
        claim = await claimInRedis(id, requestHash, ttlSeconds);
      } catch {
        return inDatabase();
      }
      // After an outage the database may hold what Redis never saw: a key claimed or answered there meanwhile.
      if (
        (claim.state === 'new' || claim.state === 'in-progress') &&
        bypassedAt !== undefined &&
        Date.now() - bypassedAt < ttlSeconds * 1000
      ) {
        // A claim this request made must not outlive it: if the database cannot be asked (it is
        // away), the request fails — and its key is free again at once, not in progress for minutes.
        const known = await database.peek(tenantId, scope, key, requestHash).catch(async (error: unknown) => {
          if (claim.state === 'new') await redis.del(id).catch(() => undefined);
          throw error;
        });
        if (known) {
          if (claim.state === 'new') await redis.del(id).catch(() => undefined);
          return known;
        }
      }
      if (claim.state === 'new') inFlight.set(id, { store: 'redis', requestHash, ttlSeconds });
      return claim;
    },
    async complete(tenantId, scope, key, response) {
      const id = idempotencyKey(tenantId, scope, key);
      const flight = inFlight.get(id);
      inFlight.delete(id);
      if (flight?.store === 'database') return database.complete(tenantId, scope, key, response);
      const ttlSeconds = flight?.ttlSeconds ?? DEFAULT_TTL_SECONDS;
      if (up()) {
        try {
          await redis
            .multi()
            .hset(id, { status: String(response.statusCode), headers: JSON.stringify(response.headers), body: response.body })
            .expire(id, ttlSeconds)
            .exec();
          return;
        } catch {
          // Redis went away while the request ran: its answer goes to the database.
        }
      }
      bypassed();
      if (flight) await database.put(tenantId, scope, key, flight.requestHash, ttlSeconds, response);
    },
    async release(tenantId, scope, key) {
      const id = idempotencyKey(tenantId, scope, key);
      const flight = inFlight.get(id);
      inFlight.delete(id);
      if (flight?.store === 'database') return database.release(tenantId, scope, key);
      // When Redis is away its claim lapses after inProgressSeconds.
      if (up()) await redis.del(id).catch(() => undefined);
    },
  };

  const databaseLocks = createDatabaseLocks(db);
  const locks: LockService = {
    async tryWithLock(name, ttlMs, fn) {
      const key = `${prefix}lock:${name}`;
      const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
      let acquired: string | null;
      try {
        if (!up()) throw new Error('Redis is away');
        acquired = await redis.set(key, token, 'PX', ttlMs, 'NX');
      } catch {
        bypassed();
        return databaseLocks.tryWithLock(name, ttlMs, fn);
      }
      if (acquired !== 'OK') return undefined;
      try {
        return await fn();
      } finally {
        // When Redis went away meanwhile, the lock lapses with its time to live.
        await redis.eval(RELEASE_LOCK, 1, key, token).catch(() => undefined);
      }
    },
  };

  const localRateLimits = createLocalRateLimiter();
  const rateLimits: RateLimiter = {
    async hit(key, limit, windowSeconds) {
      const window = Math.floor(Date.now() / 1000 / windowSeconds);
      const redisKey = `${prefix}rate:${key}:${window}`;
      try {
        if (!up()) throw new Error('Redis is away');
        const [[, count]] = (await redis
          .multi()
          .incr(redisKey)
          .expire(redisKey, windowSeconds + 1)
          .exec()) as [[null, number], [null, number]];
        const retryAfterSeconds = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
        return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
      } catch {
        bypassed();
        return localRateLimits.hit(key, limit, windowSeconds);
      }
    },
  };

  const listeners = new Map<string, Set<(message: string) => void>>();
  const gapListeners = new Set<() => void>();
  let subscriberWasReady = false;
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of listeners.get(channel) ?? []) listener(message);
  });
  subscriber.on('ready', () => {
    if (subscriberWasReady) for (const listener of gapListeners) listener();
    subscriberWasReady = true;
  });
  // A (un)subscription waits for the connection; while Redis is away it is sent when it is back.
  const whenConnected = async (command: Promise<unknown>) => {
    if (subscriber.status === 'ready') await command;
    else command.catch((error: unknown) => log.warn({ err: error }, 'redis subscription change failed'));
  };
  const pubsub: PubSub = {
    async publish(channel, message) {
      const full = `${prefix}${channel}`;
      try {
        if (!up()) throw new Error('Redis is away');
        await redis.publish(full, message);
      } catch {
        bypassed();
        for (const listener of listeners.get(full) ?? []) queueMicrotask(() => listener(message));
      }
    },
    async subscribe(channel, listener) {
      const full = `${prefix}${channel}`;
      let set = listeners.get(full);
      if (!set) {
        set = new Set();
        listeners.set(full, set);
        await whenConnected(subscriber.subscribe(full));
      }
      set.add(listener);
      return async () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(full);
          await whenConnected(subscriber.unsubscribe(full));
        }
      };
    },
    reachesEveryProcess: () => up() && subscriber.status === 'ready',
    onGap(listener) {
      gapListeners.add(listener);
      return () => gapListeners.delete(listener);
    },
  };

  return {
    idempotency,
    locks,
    rateLimits,
    pubsub,
    async check() {
      if (!up()) throw new Error('Redis is unreachable; coordination runs on the database and this process');
      const pong = await redis.ping();
      if (pong !== 'PONG') throw new Error(`Redis answered ${pong}`);
    },
    async close() {
      closing = true;
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/**
 * Waits (at most `timeoutMs`) until the coordination's Redis answers, so the first requests do
 * not take the fallbacks; true when it does.
 */
export async function untilAnswering(coordination: Coordination, timeoutMs: number): Promise<boolean> {
  for (const until = Date.now() + timeoutMs; ;) {
    if (
      await coordination.check().then(
        () => true,
        () => false,
      )
    )
      return true;
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
