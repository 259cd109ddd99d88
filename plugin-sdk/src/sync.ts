import type { Actor, EventContext } from './server-context.ts';

/**
 * A till event arriving through the kernel's sync gateway (`POST /api/v1/sync/push`, DESIGN §6).
 * The kernel has already checked its id, its device and its place in the device's sequence.
 */
export interface SyncEvent<Payload = unknown> {
  /** `{deviceId}#{sequence}#{uuid}` — unique for ever per tenant and device. */
  readonly id: string;
  readonly deviceId: string;
  /** 1, 2, 3, … per device; events apply in this order. */
  readonly sequence: number;
  readonly type: string;
  /** When the till says it happened (its clock may be off). */
  readonly occurredAt: string;
  /** When the server received it. */
  readonly receivedAt: string;
  readonly payload: Payload;
}

export interface SyncHandlerContext<Settings = Record<string, unknown>> extends EventContext<Settings> {
  /** The cashier (on their device) whose till sent the event. */
  readonly actor: Actor;
}

/**
 * Applies one till event in the push's transaction. Return what the till should remember as the
 * answer (`accepted`); throw a DomainError (4xx) to deny it with that reason — nothing it wrote is
 * kept. Any other error is answered as retryable and stops the device's batch there.
 */
export type SyncEventHandler<Settings = Record<string, unknown>, Payload = unknown> = (
  event: SyncEvent<Payload>,
  context: SyncHandlerContext<Settings>,
) => Promise<unknown>;

/** Where a pull stopped: the change id and document id of the last document handed out. */
export interface SyncCheckpoint {
  readonly changeId: string;
  readonly id: string;
}

export interface SyncPullRequest {
  /** Where the last pull stopped; null for the first. */
  readonly after: SyncCheckpoint | null;
  /**
   * Change ids below this belong to transactions that have all ended: a source returns only
   * documents whose change id is below it, so none committed later can slip in behind a checkpoint.
   */
  readonly visibleBelow: string;
  readonly limit: number;
  /** The pulling device and the location it sells at. */
  readonly deviceId: string;
  readonly locationId: string | null;
}

/** One document of a pull, as the till stores it. `changeId` orders documents (see SyncCheckpoint). */
export interface SyncDocument {
  readonly id: string;
  readonly changeId: string;
  readonly deleted: boolean;
  readonly data: Record<string, unknown>;
}

/**
 * A stream of documents the till replicates (RxDB's pull protocol): the documents changed after a
 * checkpoint, in (changeId, id) order. Change ids are transaction ids (`pg_current_xact_id()`),
 * kept per row by the plugin; see the core-inventory plugin for the pattern.
 */
export interface SyncPullSource<Settings = Record<string, unknown>> {
  /** Event types that mean this source has news: the live stream tells tills to pull again. */
  readonly changedBy: readonly string[];
  pull(request: SyncPullRequest, context: EventContext<Settings>): Promise<readonly SyncDocument[]>;
}

export interface SyncHandlerOptions<Settings = Record<string, unknown>, Payload = unknown> {
  /**
   * Runs once per push, before its events are applied, with every event of this handler's types in
   * it, in the same transaction: load in one query what the events will look up one by one
   * (remember it with `tx.memo`). It must not write.
   */
  prepare?(events: ReadonlyArray<SyncEvent<Payload>>, context: SyncHandlerContext<Settings>): Promise<void>;
}

export interface SyncRegistry<Settings = Record<string, unknown>> {
  /** Handles till events of a type (`sales.sale.completed`) or a family (`sales.*`) pushed through the gateway. */
  handle<Payload = unknown>(
    type: string,
    handler: SyncEventHandler<Settings, Payload>,
    options?: SyncHandlerOptions<Settings, Payload>,
  ): void;
  /** A pull source, replicated by tills as `<plugin id>.<name>`. */
  source(name: string, source: SyncPullSource<Settings>): void;
}
