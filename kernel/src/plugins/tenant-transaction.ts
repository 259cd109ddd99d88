import type { EntityManager } from '@mikro-orm/core';
import type { Actor, EventEnvelope, NewEvent, TenantTransaction } from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';

export type AuditWriter = (tx: Transaction, actor: Actor, action: string, detail: Readonly<Record<string, unknown>>) => Promise<void>;

export interface TenantTransactionDeps {
  readonly bus: EventBus;
  readonly audit: AuditWriter;
  /** Told, after commit, which event types the transaction published (live sync streams listen). */
  readonly changes?: { announce(tenantId: string, types: readonly string[]): void };
}

/**
 * The SDK's view of a kernel transaction: tenant-bound, publishing through the outbox, auditing.
 * A class rather than an object of closures: one is made per plugin request, on the hot path.
 */
export class PluginTransaction implements TenantTransaction {
  readonly tenantId: string;
  readonly #tx: Transaction;
  readonly #source: string;
  readonly #actor: Actor;
  readonly #deps: TenantTransactionDeps;
  #published: Set<string> | undefined;

  constructor(tx: Transaction, tenantId: string, source: string, actor: Actor, deps: TenantTransactionDeps) {
    this.#tx = tx;
    this.tenantId = tenantId;
    this.#source = source;
    this.#actor = actor;
    this.#deps = deps;
  }

  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    return this.#tx.query<Row>(sql, params);
  }

  entityManager(): Promise<EntityManager> {
    return this.#tx.entityManager();
  }

  async publish<Payload>(event: NewEvent<Payload>): Promise<EventEnvelope<Payload>> {
    const envelope = await this.#deps.bus.publish(this.#tx, this.tenantId, this.#source, event);
    if (!this.#published) {
      const published = (this.#published = new Set());
      const { bus, changes } = this.#deps;
      const tenantId = this.tenantId;
      this.#tx.afterCommit(() => {
        bus.nudge();
        changes?.announce(tenantId, [...published]);
      });
    }
    this.#published.add(event.type);
    return envelope;
  }

  memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const scoped = `${this.#source}:${key}`;
    let value = this.#tx.memos.get(scoped) as Promise<T> | undefined;
    if (!value) {
      value = compute();
      this.#tx.memos.set(scoped, value);
      // A failed computation is not remembered.
      value.catch(() => this.#tx.memos.delete(scoped));
    }
    return value;
  }

  audit(action: string, detail: Readonly<Record<string, unknown>>): Promise<void> {
    return this.#deps.audit(this.#tx, this.#actor, action, detail);
  }
}
