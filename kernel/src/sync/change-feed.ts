import type { PubSub } from '../coordination/coordination.ts';

const CHANNEL = 'kits:sync:changed';

/**
 * Where the database's transactions stand: every transaction id below `oldestRunning` has ended,
 * and every id a committed transaction had is below `nextId` (`pg_current_snapshot()`).
 */
export interface TransactionHorizon {
  readonly oldestRunning: bigint;
  readonly nextId: bigint;
}

export type ReadHorizon = () => Promise<TransactionHorizon>;

/** Reads the horizon through any query function (PostgreSQL and PGlite alike). */
export function horizonReader(query: (sql: string) => Promise<Array<{ oldest: string; next: string }>>): ReadHorizon {
  return async () => {
    const [row] = await query('select pg_snapshot_xmin(s)::text as oldest, pg_snapshot_xmax(s)::text as next from pg_current_snapshot() s');
    return { oldestRunning: BigInt(row!.oldest), nextId: BigInt(row!.next) };
  };
}

interface Waiting {
  /** Released once every transaction below this id has ended. */
  readonly until: bigint;
  readonly types: Map<string, Set<string>>;
}

export interface SyncChangeFeedOptions {
  /** How often the horizon is read again while announcements wait. */
  readonly pollMs?: number;
}

/**
 * Tells every kernel process which event types a tenant's committed transactions published, so
 * their live sync streams can tell tills to pull again. Carried by the coordination pub/sub
 * (Redis across processes, in memory for one).
 *
 * A pull only hands out changes below the oldest transaction still running (so a checkpoint never
 * skips a change that commits later). A change announced while an older transaction runs — in any
 * tenant, any database of the cluster — would be pulled as "nothing new" and then never announced
 * again. So an announcement waits until every transaction that ran when it was made has ended,
 * which is exactly when a pull can see its change.
 */
export class SyncChangeFeed {
  readonly #pubsub: PubSub;
  readonly #readHorizon: ReadHorizon;
  readonly #pollMs: number;
  readonly #listeners = new Map<string, Set<(types: readonly string[]) => void>>();
  /** Announced since the last horizon read began: their transactions committed before the next one. */
  #fresh = new Map<string, Set<string>>();
  #waiting: Waiting[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  #reading = false;
  #stopped = false;
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(pubsub: PubSub, readHorizon: ReadHorizon, options: SyncChangeFeedOptions = {}) {
    this.#pubsub = pubsub;
    this.#readHorizon = readHorizon;
    this.#pollMs = options.pollMs ?? 50;
  }

  async start(): Promise<void> {
    this.#unsubscribe = await this.#pubsub.subscribe(CHANNEL, (message) => {
      const { tenantId, types } = JSON.parse(message) as { tenantId: string; types: string[] };
      for (const listener of this.#listeners.get(tenantId) ?? []) listener(types);
    });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#unsubscribe?.();
  }

  /** Called after a tenant transaction that published events committed. */
  announce(tenantId: string, types: readonly string[]): void {
    if (this.#stopped) return;
    addTypes(this.#fresh, tenantId, types);
    this.#schedule(0);
  }

  /** Listens to a tenant's changes; returns the function that stops listening. */
  listen(tenantId: string, listener: (types: readonly string[]) => void): () => void {
    let listeners = this.#listeners.get(tenantId);
    if (!listeners) this.#listeners.set(tenantId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.#listeners.delete(tenantId);
    };
  }

  #schedule(delayMs: number): void {
    if (this.#timer !== undefined || this.#reading || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#release();
    }, delayMs);
  }

  /** Reads the horizon once: stamps what was announced before it, sends what it has passed. */
  async #release(): Promise<void> {
    this.#reading = true;
    const fresh = this.#fresh;
    this.#fresh = new Map();
    let horizon: TransactionHorizon | undefined;
    try {
      horizon = await this.#readHorizon();
    } catch {
      // The database is away: keep everything and try again a little later.
      for (const [tenantId, types] of fresh) addTypes(this.#fresh, tenantId, types);
    }
    this.#reading = false;
    if (horizon) {
      if (fresh.size > 0) this.#waiting.push({ until: horizon.nextId, types: fresh });
      const passed = this.#waiting.filter((w) => w.until <= horizon.oldestRunning);
      this.#waiting = this.#waiting.filter((w) => w.until > horizon.oldestRunning);
      const send = new Map<string, Set<string>>();
      for (const w of passed) for (const [tenantId, types] of w.types) addTypes(send, tenantId, types);
      for (const [tenantId, types] of send) {
        void this.#pubsub.publish(CHANNEL, JSON.stringify({ tenantId, types: [...types] })).catch(() => undefined);
      }
    }
    // Under load, one read per interval serves every commit announced meanwhile.
    if (this.#fresh.size > 0 || this.#waiting.length > 0) this.#schedule(horizon ? this.#pollMs : this.#pollMs * 20);
  }
}

function addTypes(into: Map<string, Set<string>>, tenantId: string, types: Iterable<string>): void {
  let set = into.get(tenantId);
  if (!set) into.set(tenantId, (set = new Set()));
  for (const type of types) set.add(type);
}
