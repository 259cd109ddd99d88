import type { Database } from '../db/database.ts';
import type { Coordination, IdempotencyClaim, IdempotencyStore, LockService, PubSub, RateLimiter, StoredResponse } from './coordination.ts';

/** The database's idempotency records, with the two extra doors the Redis fallback needs. */
export interface DatabaseIdempotencyStore extends IdempotencyStore {
  /** What the database knows of a key, without claiming it; undefined when nothing. */
  peek(tenantId: string, scope: string, key: string, requestHash: string): Promise<IdempotencyClaim | undefined>;
  /** Records a finished answer outright (a key claimed in Redis whose answer Redis could not take). */
  put(tenantId: string, scope: string, key: string, requestHash: string, ttlSeconds: number, response: StoredResponse): Promise<void>;
}

type IdempotencyRow = {
  request_hash: string;
  status_code: number | null;
  response_headers: Record<string, string> | null;
  response_body: string | null;
};

/** How long a claimed key stays in progress without an answer unless told otherwise (HANDLER_TIMEOUT_MS sets it in a kernel). */
export const DEFAULT_IN_PROGRESS_SECONDS = 30;

/**
 * Idempotency records in the database (kernel.idempotency_keys), so they survive a restart and are
 * shared by every process on one database even without Redis. A claim left without an answer for
 * `inProgressSeconds` (its process killed mid-request) lapses: the key can be claimed again.
 */
export function createDatabaseIdempotencyStore(db: Database, inProgressSeconds = DEFAULT_IN_PROGRESS_SECONDS): DatabaseIdempotencyStore {
  const read = (tenantId: string, scope: string, key: string) =>
    db.query<IdempotencyRow>(
      'select request_hash, status_code, response_headers, response_body from kernel.idempotency_keys where tenant_id = $1 and scope = $2 and idempotency_key = $3 and expires_at >= now()',
      [tenantId, scope, key],
    );
  return {
    async peek(tenantId, scope, key, requestHash) {
      const [row] = await read(tenantId, scope, key);
      return row ? toClaim(row, requestHash) : undefined;
    },
    async put(tenantId, scope, key, requestHash, ttlSeconds, response) {
      await db.query(
        `insert into kernel.idempotency_keys (tenant_id, scope, idempotency_key, request_hash, status_code, response_headers, response_body, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8))
         on conflict (tenant_id, scope, idempotency_key) do update
           set request_hash = excluded.request_hash, status_code = excluded.status_code, response_headers = excluded.response_headers,
               response_body = excluded.response_body, expires_at = excluded.expires_at`,
        [tenantId, scope, key, requestHash, response.statusCode, JSON.stringify(response.headers), response.body, ttlSeconds],
      );
    },
    async claim(tenantId, scope, key, requestHash, ttlSeconds) {
      // One statement: a new key is claimed; an expired one, or one left in progress longer than
      // `inProgressSeconds` (its process killed mid-request), is claimed afresh; a live one is left.
      const inserted = await db.query(
        `insert into kernel.idempotency_keys (tenant_id, scope, idempotency_key, request_hash, expires_at)
         values ($1, $2, $3, $4, now() + make_interval(secs => $5))
         on conflict (tenant_id, scope, idempotency_key) do update
           set request_hash = excluded.request_hash, expires_at = excluded.expires_at,
               status_code = null, response_headers = null, response_body = null, created_at = now()
           where kernel.idempotency_keys.expires_at < now()
              or (kernel.idempotency_keys.status_code is null and kernel.idempotency_keys.created_at < now() - make_interval(secs => $6))
         returning 1`,
        [tenantId, scope, key, requestHash, ttlSeconds, inProgressSeconds],
      );
      if (inserted.length > 0) return { state: 'new' };
      const [row] = await read(tenantId, scope, key);
      // The row vanished between insert and read (released by a failed request): in progress, ask again.
      return row ? toClaim(row, requestHash) : { state: 'in-progress' };
    },
    async complete(tenantId, scope, key, response) {
      await db.query(
        'update kernel.idempotency_keys set status_code = $4, response_headers = $5, response_body = $6 where tenant_id = $1 and scope = $2 and idempotency_key = $3',
        [tenantId, scope, key, response.statusCode, JSON.stringify(response.headers), response.body],
      );
    },
    async release(tenantId, scope, key) {
      await db.query(
        'delete from kernel.idempotency_keys where tenant_id = $1 and scope = $2 and idempotency_key = $3 and status_code is null',
        [tenantId, scope, key],
      );
    },
  };
}

function toClaim(row: IdempotencyRow, requestHash: string): IdempotencyClaim {
  if (row.request_hash !== requestHash) return { state: 'mismatch' };
  if (row.status_code === null) return { state: 'in-progress' };
  const response: StoredResponse = { statusCode: row.status_code, headers: row.response_headers ?? {}, body: row.response_body ?? '' };
  return { state: 'done', requestHash: row.request_hash, response };
}

/** Locks held in this process only: right for the embedded single-process default. */
export function createLocalLocks(): LockService {
  const held = new Map<string, number>();
  return {
    async tryWithLock(name, ttlMs, fn) {
      const until = held.get(name);
      if (until !== undefined && until > Date.now()) return undefined;
      held.set(name, Date.now() + ttlMs);
      try {
        return await fn();
      } finally {
        held.delete(name);
      }
    },
  };
}

export function createLocalRateLimiter(): RateLimiter {
  const windows = new Map<string, { count: number; resetAt: number }>();
  return {
    async hit(key, limit, windowSeconds) {
      const now = Date.now();
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        window = { count: 0, resetAt: now + windowSeconds * 1000 };
        windows.set(key, window);
      }
      window.count += 1;
      if (windows.size > 10_000) for (const [k, w] of windows) if (w.resetAt <= now) windows.delete(k);
      return {
        allowed: window.count <= limit,
        remaining: Math.max(0, limit - window.count),
        retryAfterSeconds: Math.ceil((window.resetAt - now) / 1000),
      };
    },
  };
}

export function createLocalPubSub(): PubSub {
  const listeners = new Map<string, Set<(message: string) => void>>();
  return {
    reachesEveryProcess: () => true,
    onGap: () => () => undefined,
    async publish(channel, message) {
      for (const listener of listeners.get(channel) ?? []) queueMicrotask(() => listener(message));
    },
    async subscribe(channel, listener) {
      const set = listeners.get(channel) ?? new Set();
      set.add(listener);
      listeners.set(channel, set);
      return async () => {
        set.delete(listener);
      };
    },
  };
}

/** Single-process coordination; idempotency in the database. */
export function createLocalCoordination(db: Database, inProgressSeconds = DEFAULT_IN_PROGRESS_SECONDS): Coordination {
  return {
    idempotency: createDatabaseIdempotencyStore(db, inProgressSeconds),
    locks: createLocalLocks(),
    rateLimits: createLocalRateLimiter(),
    pubsub: createLocalPubSub(),
    check: async () => undefined,
    close: async () => undefined,
  };
}
