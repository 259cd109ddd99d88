import { isDomainError, WITHHELD_TILL_EVENT, type Actor, type SyncEvent } from '@kits/plugin-sdk';
import { clientCausedDatabaseError, isUnstorableValue } from '../db/database-errors.ts';
import type { Database, Transaction } from '../db/database.ts';
import { deferredMark, dropDeferredAfter } from '../db/deferred-inserts.ts';
import { meterPluginHandler, type PluginHandlerMetrics } from '../observability/plugin-handler-meter.ts';
import type { LoadedPlugin, PluginSyncHandler } from '../plugins/loaded-plugin.ts';
import type { PluginHost, TenantInstall } from '../plugins/plugin-host.ts';
import { withTimeLimit } from '../time-limit.ts';
import { parseSyncEventId } from './event-id.ts';

/** One event of a push, as the till sent it (the body schema checked its shape). */
export interface PushedEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

/** The answer for one event (DESIGN §6). `retry` means: send it again later, nothing was applied. */
export type PushAnswer =
  | { readonly id: string; readonly status: 'accepted'; readonly result: unknown }
  | { readonly id: string; readonly status: 'duplicate'; readonly original: StoredAnswer }
  | { readonly id: string; readonly status: 'denied'; readonly code: string; readonly reason: string; readonly detail?: unknown }
  | { readonly id: string; readonly status: 'retry'; readonly code: string; readonly reason: string };

type StoredAnswer = Extract<PushAnswer, { status: 'accepted' | 'denied' }>;

/** Set for the last push of a revoked till: only events it recorded before this instant apply. */
export interface PushLimits {
  readonly recordedBefore?: Date;
}

export interface PushDeps {
  readonly db: Database;
  readonly host: PluginHost;
  readonly metrics: PluginHandlerMetrics;
  readonly handlerTimeoutMs: number;
}

/** The handler of a type among the tenant's plugins: an exact type first, then the longest family (`sales.*`). */
function findHandler(
  active: ReadonlyArray<{ loaded: LoadedPlugin; install: TenantInstall }>,
  type: string,
): { plugin: { loaded: LoadedPlugin; install: TenantInstall }; handler: PluginSyncHandler } | undefined {
  let best: { plugin: { loaded: LoadedPlugin; install: TenantInstall }; handler: PluginSyncHandler; weight: number } | undefined;
  for (const plugin of active) {
    for (const handler of plugin.loaded.syncHandlers) {
      const weight =
        handler.type === type
          ? Infinity
          : handler.type.endsWith('.*') && type.startsWith(handler.type.slice(0, -1))
            ? handler.type.length
            : -1;
      if (weight >= 0 && (!best || weight > best.weight)) best = { plugin, handler, weight };
    }
  }
  return best;
}

/**
 * Applies a device's batch in one transaction, event by event in order: an accepted event keeps
 * what its handler wrote, a denied one keeps nothing but its answer. Answers
 * are stored with the events, so replaying a batch answers `duplicate` with the original answer.
 * A gap in the sequence stops the batch there (`retry`); so does an error that is not the
 * event's fault. A crash before commit applies nothing: the till sends the batch again.
 */
export async function applyPush(
  deps: PushDeps,
  actor: Actor & { deviceId: string },
  events: readonly PushedEvent[],
  limits: PushLimits = {},
): Promise<PushAnswer[]> {
  // Optimistic first: no savepoint per event (a savepoint is a round trip or two, and past 64 a
  // transaction's subtransactions slow every visibility check). An event that fails rolls the
  // whole attempt back and becomes a suspect; the next attempt runs suspects in a savepoint.
  // After a few restarts every event gets one.
  const suspects = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    try {
      return await applyAttempt(deps, actor, events, suspects, attempt >= MAX_OPTIMISTIC_ATTEMPTS, limits);
    } catch (error) {
      if (!(error instanceof SuspectEvent)) throw error;
      suspects.add(error.eventId);
    }
  }
}

const MAX_OPTIMISTIC_ATTEMPTS = 4;

/** Thrown out of an optimistic attempt when an event's handler failed: run it in a savepoint next time. */
class SuspectEvent extends Error {
  readonly eventId: string;
  constructor(eventId: string) {
    super(`till event ${eventId} failed; the push runs again with it in a savepoint`);
    this.eventId = eventId;
  }
}

async function applyAttempt(
  deps: PushDeps,
  actor: Actor & { deviceId: string },
  events: readonly PushedEvent[],
  suspects: ReadonlySet<string>,
  everyEventInSavepoint: boolean,
  limits: PushLimits,
): Promise<PushAnswer[]> {
  const tenantId = actor.tenantId;
  return deps.db.transaction({ tenantId }, async (tx) => {
    // One push per device at a time: the position row is the device's lock.
    await tx.query(
      'insert into kernel.sync_positions (tenant_id, device_id) values ($1, $2) on conflict (tenant_id, device_id) do nothing',
      [tenantId, actor.deviceId],
    );
    const [position] = await tx.query<{ last_sequence: string }>(
      'select last_sequence from kernel.sync_positions where device_id = $1 for update',
      [actor.deviceId],
    );
    let last = Number(position!.last_sequence);
    const known = new Map(
      (
        await tx.query<{ event_id: string; answer: StoredAnswer }>(
          'select event_id, answer from kernel.sync_events where device_id = $1 and event_id = any($2::text[])',
          [actor.deviceId, events.map((e) => e.id)],
        )
      ).map((row) => [row.event_id, row.answer]),
    );
    const installs = await deps.host.installsOf(tenantId, tx);
    await deps.host.loadEnabled(installs);
    const active = await deps.host.activePlugins(tenantId, tx);
    const receivedAt = new Date().toISOString();
    await prepareHandlers(deps, tx, active, events, known, actor, installs, receivedAt);
    const answers: PushAnswer[] = [];
    const applied: Array<{ event_id: string; sequence: number; type: string; status: string; answer: StoredAnswer; occurred_at: string }> =
      [];
    let stopped: { code: string; reason: string } | undefined;

    for (const event of events) {
      const original = known.get(event.id);
      if (original) {
        answers.push({ id: event.id, status: 'duplicate', original });
        continue;
      }
      if (stopped) {
        answers.push({ id: event.id, status: 'retry', ...stopped });
        continue;
      }
      const parsed = parseSyncEventId(event.id);
      if (!parsed) {
        answers.push(denied(event.id, 'sync.malformed_id', 'An event id is "{deviceId}#{sequence}#{uuid}"; this one is not.'));
        continue;
      }
      if (parsed.deviceId !== actor.deviceId) {
        answers.push(denied(event.id, 'sync.wrong_device', `This event belongs to device ${parsed.deviceId}; push it from that device.`));
        continue;
      }
      if (parsed.sequence <= last) {
        answers.push(
          denied(event.id, 'sync.sequence_reused', `Sequence ${parsed.sequence} of this device was used by another event already.`),
        );
        continue;
      }
      if (parsed.sequence > last + 1) {
        stopped = {
          code: 'sync.sequence_gap',
          reason: `Events of this device apply in order: ${last + 1} comes next, not ${parsed.sequence}. Send the missing events first.`,
        };
        answers.push({ id: event.id, status: 'retry', ...stopped });
        continue;
      }
      const found = findHandler(active, event.type);
      let answer: StoredAnswer;
      if (limits.recordedBefore && Date.parse(event.occurredAt) > limits.recordedBefore.getTime()) {
        // Answered (so its sequence is used and the till can finish), never applied.
        answer = denied(
          event.id,
          'sync.device_revoked',
          `This till was revoked at ${limits.recordedBefore.toISOString()}; an event it recorded afterwards is not applied.`,
        );
      } else if (event.type === WITHHELD_TILL_EVENT) {
        answer = withheld(event);
      } else if (!found) {
        answer = denied(event.id, 'sync.no_handler', `No enabled plugin handles till events of type ${event.type}.`);
      } else {
        const syncEvent: SyncEvent = {
          id: event.id,
          deviceId: parsed.deviceId,
          sequence: parsed.sequence,
          type: event.type,
          occurredAt: event.occurredAt,
          receivedAt,
          payload: event.payload,
        };
        const outcome = await applyOne(deps, tx, found, syncEvent, actor, installs, everyEventInSavepoint || suspects.has(event.id));
        if (outcome.status === 'retry') {
          stopped = { code: outcome.code, reason: outcome.reason };
          answers.push({ id: event.id, ...outcome });
          continue;
        }
        answer = outcome;
      }
      applied.push({
        event_id: event.id,
        sequence: parsed.sequence,
        type: event.type,
        status: answer.status,
        answer,
        occurred_at: event.occurredAt,
      });
      known.set(event.id, answer);
      last = parsed.sequence;
      answers.push(answer);
    }
    // Every answer of the batch in one statement, with the device's new position.
    if (applied.length > 0) {
      await tx.query(
        `insert into kernel.sync_events (tenant_id, device_id, event_id, sequence, type, status, answer, occurred_at, received_at)
         select $1, $2, x.event_id, x.sequence, x.type, x.status, x.answer, x.occurred_at, $4
           from jsonb_to_recordset($3::jsonb) as x(event_id text, sequence bigint, type text, status text, answer jsonb, occurred_at timestamptz)`,
        [tenantId, actor.deviceId, JSON.stringify(applied), receivedAt],
      );
    }
    await tx.query('update kernel.sync_positions set last_sequence = $2, updated_at = now() where device_id = $1', [actor.deviceId, last]);
    return answers;
  });
}

/**
 * Lets each handler with a `prepare` see the events it is about to apply, so it can load in one
 * query what they will each look up. In a savepoint: a prepare that fails only costs the speed-up.
 */
async function prepareHandlers(
  deps: PushDeps,
  tx: Transaction,
  active: ReadonlyArray<{ loaded: LoadedPlugin; install: TenantInstall }>,
  events: readonly PushedEvent[],
  known: ReadonlyMap<string, unknown>,
  actor: Actor & { deviceId: string },
  installs: Map<string, TenantInstall>,
  receivedAt: string,
): Promise<void> {
  const byHandler = new Map<PluginSyncHandler, { plugin: { loaded: LoadedPlugin; install: TenantInstall }; events: SyncEvent[] }>();
  for (const event of events) {
    const parsed = parseSyncEventId(event.id);
    if (!parsed || parsed.deviceId !== actor.deviceId || known.has(event.id)) continue;
    const found = findHandler(active, event.type);
    if (!found?.handler.prepare) continue;
    const entry = byHandler.get(found.handler) ?? { plugin: found.plugin, events: [] };
    entry.events.push({ ...event, deviceId: parsed.deviceId, sequence: parsed.sequence, receivedAt });
    byHandler.set(found.handler, entry);
  }
  for (const [handler, { plugin, events: theirs }] of byHandler) {
    await tx.query('savepoint sync_prepare');
    try {
      await withTimeLimit(
        handler.prepare!(theirs, { ...deps.host.handlerContext(tx, actor, plugin.loaded, plugin.install.settings, installs), actor }),
        deps.handlerTimeoutMs,
        `${plugin.loaded.pkg.id} sync prepare`,
      );
      await tx.query('release savepoint sync_prepare');
    } catch (error) {
      if (isDomainError(error) && error.code === 'plugins.handler_timeout') throw error;
      await tx.query('rollback to savepoint sync_prepare');
      plugin.loaded.log.warn({ err: error }, 'sync prepare failed; the events apply without it');
    }
  }
}

/** The till could never send this event (too big for a push): its sequence number is answered, nothing applies. */
function withheld(event: PushedEvent): StoredAnswer {
  const { type, bytes } = (event.payload ?? {}) as { type?: unknown; bytes?: unknown };
  const what = typeof type === 'string' ? type.slice(0, 120) : 'an event';
  const size = typeof bytes === 'number' && Number.isSafeInteger(bytes) ? ` of ${bytes} bytes` : '';
  return denied(
    event.id,
    'sync.event_withheld',
    `The till withheld ${what}${size}: it is too large to push. Nothing of it was applied; the till resolves it.`,
  );
}

const denied = (id: string, code: string, reason: string, detail?: unknown): StoredAnswer & { status: 'denied' } => ({
  id,
  status: 'denied',
  code,
  reason,
  ...(detail === undefined ? {} : { detail }),
});

async function applyOne(
  deps: PushDeps,
  tx: Transaction,
  found: NonNullable<ReturnType<typeof findHandler>>,
  event: SyncEvent,
  actor: Actor,
  installs: Map<string, TenantInstall>,
  inSavepoint: boolean,
): Promise<StoredAnswer | { status: 'retry'; code: string; reason: string }> {
  const { loaded, install } = found.plugin;
  if (inSavepoint) await tx.query('savepoint sync_event');
  const mark = deferredMark(tx);
  try {
    const result = await meterPluginHandler(
      deps.metrics,
      { plugin: loaded.pkg.id, kind: 'sync' },
      () =>
        withTimeLimit(
          found.handler.handler(event, { ...deps.host.handlerContext(tx, actor, loaded, install.settings, installs), actor }),
          deps.handlerTimeoutMs,
          `${loaded.pkg.id} sync handler of ${event.type}`,
        ),
      // Counted once, on the savepoint attempt that answers it; a denial is the handler's answer, not its failure.
      (error) => inSavepoint && !(isDomainError(error) && error.status < 500) && !isUnstorableValue(error),
    );
    if (inSavepoint) await tx.query('release savepoint sync_event');
    return { id: event.id, status: 'accepted', result: result ?? null };
  } catch (error) {
    // A handler that outlived its time limit may still hold the transaction: end the whole push.
    if (isDomainError(error) && error.code === 'plugins.handler_timeout') throw error;
    if (!inSavepoint) throw new SuspectEvent(event.id);
    await tx.query('rollback to savepoint sync_event');
    dropDeferredAfter(tx, mark);
    if (isDomainError(error) && error.status < 500) {
      const detail = Object.keys(error.extensions).length > 0 ? error.extensions : undefined;
      return denied(event.id, error.code, error.message, detail);
    }
    // A value the database can never store (text with NUL, say) is not worth sending again: a
    // retry answer would hold the till's queue behind this event for ever.
    if (isUnstorableValue(error)) {
      const problem = clientCausedDatabaseError(error)!;
      loaded.log.warn({ err: error, eventId: event.id }, 'sync event carries a value that cannot be stored; denied');
      return denied(event.id, problem.code, problem.detail);
    }
    loaded.log.error({ err: error, eventId: event.id }, 'sync handler failed; the till will send the event again');
    return { status: 'retry', code: 'sync.handler_failed', reason: `Applying this event failed on the server; it will be sent again.` };
  }
}
