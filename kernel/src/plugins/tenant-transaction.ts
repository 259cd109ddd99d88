import type { EntityManager } from '@mikro-orm/core';
import {
  badRequest,
  DomainError,
  type Actor,
  type CatalogueEventType,
  type EventEnvelope,
  type NewEvent,
  type SecretBox,
  type TenantDirectory,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';
import { deferredMark, dropDeferredAfter } from '../db/deferred-inserts.ts';
import type { EventBus } from '../events/event-bus.ts';
import type { SettingsCipher } from './plugin-settings.ts';
import { tenantDirectory } from './tenant-directory.ts';

/** The actor of work a plugin does on its own for a tenant: event handlers, jobs, lifecycle callbacks, its demo. */
export const systemActor = (tenantId: string, pluginId: string): Actor => ({ kind: 'system', id: pluginId, tenantId });

export type AuditWriter = (tx: Transaction, actor: Actor, action: string, detail: Readonly<Record<string, unknown>>) => Promise<void>;

export interface TenantTransactionDeps {
  readonly bus: EventBus;
  readonly audit: AuditWriter;
  /** Told, after commit, which event types the transaction published (live sync streams listen). */
  readonly changes?: { announce(tenantId: string, types: readonly string[]): void };
  /** Seals what `tx.secrets` seals: the key of the plugins' secret settings. */
  readonly settingsCipher: SettingsCipher;
  /** The tenant's event catalogue (`tx.directory.eventTypes()`), read in the transaction. */
  readonly eventCatalogue: (tenantId: string, tx: Transaction) => Promise<readonly CatalogueEventType[]>;
}

const SECRET_PURPOSE = /^[a-z0-9._-]{1,64}$/;

/** The additional data a run-time secret is bound to (distinct from a setting's `kits-settings:`). */
function secretContext(tenantId: string, pluginId: string, purpose: string): string {
  if (!SECRET_PURPOSE.test(purpose))
    throw badRequest('secrets.bad_purpose', `A secret's purpose is 1–64 of a-z, 0-9, ".", "_" and "-"; got ${JSON.stringify(purpose)}.`);
  return `kits-secret:${tenantId}:${pluginId}:${purpose}`;
}

/**
 * Statements that would leave the plugin's role (or the tenant it is bound to): `set role`,
 * `reset role`/`reset all`, `set session authorization`, `set_config('role'|'kits.tenant_id', …)`.
 * A guard against a plugin's mistakes, not a sandbox: see docs/decisions.md, D-081.
 */
const CHANGES_ROLE =
  /\b(set|reset)\s+(local\s+|session\s+)?(role|session\s+authorization|all)\b|\breset\s+all\b|set_config\s*\(\s*'(role|kits\.tenant_id)'/i;

export class RoleChangeRefusedError extends Error {
  constructor(pluginId: string) {
    super(
      `${pluginId} ran a statement that changes its database role or tenant; a plugin's statements run as its own role, bound to the request's tenant. Remove the statement.`,
    );
    this.name = 'RoleChangeRefusedError';
  }
}

/**
 * The SDK's view of a kernel transaction: tenant-bound, publishing through the outbox, auditing.
 * A class rather than an object of closures: one is made per plugin request, on the hot path.
 */
export class PluginTransaction implements TenantTransaction {
  readonly tenantId: string;
  readonly #tx: Transaction;
  readonly #source: string;
  /** The plugin's own database role: every statement of this view runs as it. */
  readonly #role: string;
  readonly #actor: Actor;
  readonly #deps: TenantTransactionDeps;
  #published: Set<string> | undefined;
  #directory: TenantDirectory | undefined;
  #secrets: SecretBox | undefined;
  /** The event types the plugin's manifest declares (`publishes`); undefined when it declares none (D-201). */
  readonly #publishes: ReadonlySet<string> | undefined;

  constructor(
    tx: Transaction,
    tenantId: string,
    source: string,
    role: string,
    actor: Actor,
    deps: TenantTransactionDeps,
    publishes?: ReadonlySet<string>,
  ) {
    this.#publishes = publishes;
    this.#tx = tx;
    this.tenantId = tenantId;
    this.#source = source;
    this.#role = role;
    this.#actor = actor;
    this.#deps = deps;
  }

  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
    if (CHANGES_ROLE.test(sql)) return Promise.reject(new RoleChangeRefusedError(this.#source));
    return this.#tx.queryAs<Row>(this.#role, sql, params);
  }

  entityManager(): Promise<EntityManager> {
    return this.#tx.entityManager(this.#role);
  }

  async publish<Payload>(event: NewEvent<Payload>): Promise<EventEnvelope<Payload>> {
    if (this.#publishes && !this.#publishes.has(event.type))
      throw new DomainError(
        'events.undeclared_type',
        500,
        `${this.#source} published "${event.type}", which its manifest's "publishes" does not list: declare it there (with a description) so the event catalogue names it.`,
      );
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

  afterCommit(callback: () => void): void {
    this.#tx.afterCommit(callback);
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

  async savepoint<T>(work: () => Promise<T>): Promise<T> {
    const mark = deferredMark(this.#tx);
    await this.#tx.query('savepoint kits_plugin_work');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.#tx.query('rollback to savepoint kits_plugin_work');
      // The outbox and audit rows wait in memory until commit: those of the undone work go too.
      dropDeferredAfter(this.#tx, mark);
      throw error;
    }
    await this.#tx.query('release savepoint kits_plugin_work');
    return result;
  }

  audit(action: string, detail: Readonly<Record<string, unknown>>): Promise<void> {
    return this.#deps.audit(this.#tx, this.#actor, action, detail);
  }

  get directory(): TenantDirectory {
    // People are read as the kernel's tenant role (the plugin's may not read kernel.users), in this transaction.
    return (this.#directory ??= tenantDirectory(this, this.#tx, () => this.#deps.eventCatalogue(this.tenantId, this.#tx)));
  }

  get secrets(): SecretBox {
    const { settingsCipher } = this.#deps;
    const { tenantId } = this;
    const pluginId = this.#source;
    return (this.#secrets ??= {
      seal: (purpose, plaintext) => settingsCipher.seal(plaintext, secretContext(tenantId, pluginId, purpose)),
      open: (purpose, sealed) => settingsCipher.open(sealed, secretContext(tenantId, pluginId, purpose)),
    });
  }
}
