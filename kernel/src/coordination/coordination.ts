/**
 * Shared state that several kernel processes must agree on: idempotency records, locks, rate
 * limits and pub/sub. Redis when REDIS_URL is set; in process (or the database) otherwise.
 */

export interface StoredResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export type IdempotencyClaim =
  | { readonly state: 'new' }
  | { readonly state: 'in-progress' }
  | { readonly state: 'done'; readonly requestHash: string; readonly response: StoredResponse }
  | { readonly state: 'mismatch' };

/** Remembers the answer to a request made with an `Idempotency-Key`. */
export interface IdempotencyStore {
  /** Claims the key for this request hash, or returns what is known about it already. */
  claim(tenantId: string, scope: string, key: string, requestHash: string, ttlSeconds: number): Promise<IdempotencyClaim>;
  complete(tenantId: string, scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Drops a claim whose request failed without an answer worth replaying (5xx). */
  release(tenantId: string, scope: string, key: string): Promise<void>;
}

export interface LockService {
  /** Runs `fn` while holding `name` across all processes; returns undefined when another holds it. */
  tryWithLock<T>(name: string, ttlMs: number, fn: () => Promise<T>): Promise<T | undefined>;
}

export interface RateLimitResult {
  readonly allowed: boolean;
  readonly remaining: number;
  readonly retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts one hit of `key` in a fixed window of `windowSeconds`, allowing `limit` hits. */
  hit(key: string, limit: number, windowSeconds: number): Promise<RateLimitResult>;
}

export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Returns an unsubscribe function. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * False while a message would reach only this process (Redis is away); a change every process
   * must hear of should wait. Always true in a single process.
   */
  reachesEveryProcess(): boolean;
  /**
   * Calls `listener` when messages from other processes may have been missed: the connection that
   * carries them was lost and is back. Returns the function that stops it.
   */
  onGap(listener: () => void): () => void;
}

export interface Coordination {
  readonly idempotency: IdempotencyStore;
  readonly locks: LockService;
  readonly rateLimits: RateLimiter;
  readonly pubsub: PubSub;
  /** For /readyz: throws when Redis is configured and unreachable (the kernel then runs on the fallbacks). */
  check(): Promise<void>;
  close(): Promise<void>;
}
