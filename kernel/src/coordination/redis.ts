import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Coordination, IdempotencyStore, LockService, PubSub, RateLimiter } from './coordination.ts';

const RELEASE_LOCK = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;
// Claims a key for a request hash, or tells what is there: new / in-progress / done / mismatch.
const CLAIM = `
local existing = redis.call('hgetall', KEYS[1])
if #existing == 0 then
  redis.call('hset', KEYS[1], 'hash', ARGV[1])
  redis.call('expire', KEYS[1], ARGV[2])
  return {'new'}
end
local fields = {}
for i = 1, #existing, 2 do fields[existing[i]] = existing[i + 1] end
if fields['hash'] ~= ARGV[1] then return {'mismatch'} end
if not fields['status'] then return {'in-progress'} end
return {'done', fields['status'], fields['headers'], fields['body']}
`;

export interface RedisCoordinationOptions {
  readonly url: string;
  readonly keyPrefix: string;
  readonly log: Logger;
}

/** Coordination through Redis: shared by every kernel process. Reconnects on its own. */
export function createRedisCoordination(options: RedisCoordinationOptions): Coordination {
  const { keyPrefix: prefix, log } = options;
  const connect = (name: string) => {
    const client = new Redis(options.url, {
      lazyConnect: false,
      maxRetriesPerRequest: 2,
      connectionName: name,
      retryStrategy: (attempt) => Math.min(attempt * 200, 5000),
    });
    client.on('error', (error) => log.warn({ err: error, redis: name }, 'redis connection problem'));
    return client;
  };
  const redis = connect('kits-kernel');
  const subscriber = connect('kits-kernel-sub');
  const idempotencyKey = (tenantId: string, scope: string, key: string) => `${prefix}idem:${tenantId}:${scope}:${key}`;

  const idempotency: IdempotencyStore = {
    async claim(tenantId, scope, key, requestHash, ttlSeconds) {
      const reply = (await redis.eval(CLAIM, 1, idempotencyKey(tenantId, scope, key), requestHash, String(ttlSeconds))) as string[];
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
            response: {
              statusCode: Number(reply[1]),
              headers: JSON.parse(reply[2] ?? '{}') as Record<string, string>,
              body: reply[3] ?? '',
            },
          };
      }
    },
    async complete(tenantId, scope, key, response) {
      await redis.hset(idempotencyKey(tenantId, scope, key), {
        status: String(response.statusCode),
        headers: JSON.stringify(response.headers),
        body: response.body,
      });
    },
    async release(tenantId, scope, key) {
      await redis.del(idempotencyKey(tenantId, scope, key));
    },
  };

  const locks: LockService = {
    async tryWithLock(name, ttlMs, fn) {
      const key = `${prefix}lock:${name}`;
      const token = `${process.pid}:${Math.random().toString(36).slice(2)}`;
      const acquired = await redis.set(key, token, 'PX', ttlMs, 'NX');
      if (acquired !== 'OK') return undefined;
      try {
        return await fn();
      } finally {
        await redis.eval(RELEASE_LOCK, 1, key, token);
      }
    },
  };

  const rateLimits: RateLimiter = {
    async hit(key, limit, windowSeconds) {
      const window = Math.floor(Date.now() / 1000 / windowSeconds);
      const redisKey = `${prefix}rate:${key}:${window}`;
      const [[, count]] = (await redis
        .multi()
        .incr(redisKey)
        .expire(redisKey, windowSeconds + 1)
        .exec()) as [[null, number], [null, number]];
      const retryAfterSeconds = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
      return { allowed: count <= limit, remaining: Math.max(0, limit - count), retryAfterSeconds };
    },
  };

  const listeners = new Map<string, Set<(message: string) => void>>();
  subscriber.on('message', (channel: string, message: string) => {
    for (const listener of listeners.get(channel) ?? []) listener(message);
  });
  const pubsub: PubSub = {
    async publish(channel, message) {
      await redis.publish(`${prefix}${channel}`, message);
    },
    async subscribe(channel, listener) {
      const full = `${prefix}${channel}`;
      let set = listeners.get(full);
      if (!set) {
        set = new Set();
        listeners.set(full, set);
        await subscriber.subscribe(full);
      }
      set.add(listener);
      return async () => {
        set.delete(listener);
        if (set.size === 0) {
          listeners.delete(full);
          await subscriber.unsubscribe(full);
        }
      };
    },
  };

  return {
    idempotency,
    locks,
    rateLimits,
    pubsub,
    async check() {
      const pong = await redis.ping();
      if (pong !== 'PONG') throw new Error(`Redis answered ${pong}`);
    },
    async close() {
      subscriber.disconnect();
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
