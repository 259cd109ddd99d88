import type { PubSub } from '../coordination/coordination.ts';

const CHANNEL = 'kits:sync:changed';

/**
 * Tells every kernel process which event types a tenant's committed transactions published, so
 * their live sync streams can tell tills to pull again. Carried by the coordination pub/sub
 * (Redis across processes, in memory for one).
 */
export class SyncChangeFeed {
  readonly #pubsub: PubSub;
  readonly #listeners = new Map<string, Set<(types: readonly string[]) => void>>();
  #unsubscribe: (() => Promise<void>) | undefined;

  constructor(pubsub: PubSub) {
    this.#pubsub = pubsub;
  }

  async start(): Promise<void> {
    this.#unsubscribe = await this.#pubsub.subscribe(CHANNEL, (message) => {
      const { tenantId, types } = JSON.parse(message) as { tenantId: string; types: string[] };
      for (const listener of this.#listeners.get(tenantId) ?? []) listener(types);
    });
  }

  async stop(): Promise<void> {
    await this.#unsubscribe?.();
  }

  /** Called after a tenant transaction that published events committed. */
  announce(tenantId: string, types: readonly string[]): void {
    void this.#pubsub.publish(CHANNEL, JSON.stringify({ tenantId, types })).catch(() => undefined);
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
}
