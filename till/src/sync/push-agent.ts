import { WITHHELD_TILL_EVENT, type WithheldTillEvent } from '@kits/plugin-sdk/till';
import { BehaviorSubject, type Subscription } from 'rxjs';
import type { EventDoc, StoredEventDoc } from '../store/collections.ts';
import { pendingEvents } from '../store/event-log.ts';
import type { TillDatabase } from '../store/till-database.ts';
import { GatewayError, type GatewayClient } from './gateway-client.ts';

type Answer =
  | { id: string; status: 'accepted'; result: unknown }
  | { id: string; status: 'duplicate'; original: { status: 'accepted' | 'denied' } & Record<string, unknown> }
  | { id: string; status: 'denied'; code: string; reason: string; detail?: unknown }
  | { id: string; status: 'retry'; code: string; reason: string };

export interface PushStatus {
  readonly online: boolean;
  /**
   * Events the server has not answered yet (sales, refunds, shift openings, cash moves), counted
   * from the log as it changes: one appended counts at once, one sent counts until its answer is
   * recorded. An event whose answer was lost (the server went down while answering) still counts,
   * and is sent again: the server answers it as a duplicate.
   */
  readonly waiting: number;
  readonly lastError: string | null;
}

/**
 * The kernel refuses this till's pushes until something changes on the till: `till.update_required`
 * (older than the tenant's minimum: update the app) or `auth.device_revoked` (revoked: push with
 * the device key, then erase).
 */
export interface PushRefusal {
  readonly code: 'till.update_required' | 'auth.device_revoked';
  readonly message: string;
}
const REFUSALS: ReadonlySet<string> = new Set<PushRefusal['code']>(['till.update_required', 'auth.device_revoked']);

/** The most events the kernel takes in one push (DESIGN §6). */
export const MAX_PUSH_EVENTS = 1000;
/** The kernel's default body limit (BODY_LIMIT_BYTES); a kernel that refuses a push with 413 names its own. */
export const DEFAULT_PUSH_BODY_BYTES = 1024 * 1024;

/** An event as a push carries it. */
interface WireEvent {
  readonly id: string;
  readonly type: string;
  readonly occurredAt: string;
  readonly payload: unknown;
}

const wire = (event: EventDoc): WireEvent => ({ id: event.id, type: event.type, occurredAt: event.occurredAt, payload: event.payload });
const encoder = new TextEncoder();
const byteLength = (value: unknown) => encoder.encode(JSON.stringify(value)).length;
/** `{"events":[` and `]}` around the events. */
const ENVELOPE_BYTES = byteLength({ events: [] });

/**
 * The longest run of `events` from the first whose push body is at most `maxBytes` — but always
 * the first event, even alone over the limit: only the kernel can say it is too large.
 */
export function cutBatch(events: readonly EventDoc[], maxBytes: number): { events: WireEvent[]; bytes: number } {
  const batch: WireEvent[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const event of events.slice(0, MAX_PUSH_EVENTS)) {
    const next = wire(event);
    const added = byteLength(next) + (batch.length > 0 ? 1 : 0); // the comma
    if (batch.length > 0 && bytes + added > maxBytes) break;
    batch.push(next);
    bytes += added;
  }
  return { events: batch, bytes };
}

/**
 * The till's sync agent: pushes pending events in sequence order, in batches of at most 1000 that
 * fit the kernel's body limit, records each answer (accepted, denied → the resolution queue), and
 * backs off while the server is unreachable. A `retry` answer stops the batch there; the rest go
 * again next round. A push refused as too large (413) is cut smaller, down to the limit the kernel
 * names; an event too large to push on its own is withheld: the kernel is told its sequence number
 * (so the events after it can apply) and it goes to the resolution queue, denied with the reason.
 */
export class PushAgent {
  readonly #db: TillDatabase;
  readonly #client: Pick<GatewayClient, 'post'>;
  readonly #batchSize: number;
  #maxBodyBytes: number;
  readonly status$ = new BehaviorSubject<PushStatus>({ online: false, waiting: 0, lastError: null });
  /** Set while the kernel refuses this till's pushes (null while it takes them). */
  readonly refusal$ = new BehaviorSubject<PushRefusal | null>(null);
  #lastSyncedAt: number | null = null;
  #eraseAsked = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #backoffMs = 0;
  #stopped = false;
  readonly #waiting: Subscription;

  constructor(db: TillDatabase, client: Pick<GatewayClient, 'post'>, options: { batchSize?: number; maxBodyBytes?: number } = {}) {
    this.#db = db;
    this.#client = client;
    this.#batchSize = Math.min(options.batchSize ?? MAX_PUSH_EVENTS, MAX_PUSH_EVENTS);
    this.#maxBodyBytes = options.maxBodyBytes ?? DEFAULT_PUSH_BODY_BYTES;
    // Counted as the log changes, not only when a push round ends: a sale in flight is still waiting.
    this.#waiting = db.events
      .count({ selector: { status: 'pending' } })
      .$.subscribe((waiting) => this.status$.next({ ...this.status$.value, waiting }));
  }

  /** When a push round last ended with every event answered (ms since the epoch): the till's last successful sync. */
  get lastSyncedAt(): number | null {
    return this.#lastSyncedAt;
  }

  /** Whether the kernel answered a push with `erase: true` (this till was revoked: it erases once every event is answered). */
  get eraseAsked(): boolean {
    return this.#eraseAsked;
  }

  /** The body size pushes are cut to (lowered when the kernel refuses one as too large). */
  get maxBodyBytes(): number {
    return this.#maxBodyBytes;
  }

  /** Pushes everything pending now (one round at a time); resolves when the log is empty or the server cannot be reached. */
  flush(): Promise<void> {
    this.#running ??= this.#pushAll().finally(() => (this.#running = undefined));
    return this.#running;
  }

  /** Keeps pushing: after each flush, again in `intervalMs`, backing off (up to 30 s) while offline. */
  start(intervalMs = 1_000): void {
    const tick = async () => {
      if (this.#stopped) return;
      await this.flush();
      this.#timer = setTimeout(() => void tick(), Math.max(intervalMs, this.#backoffMs));
    };
    void tick();
  }

  /** The connection is back: push now rather than after the backoff. */
  nudge(): void {
    this.#backoffMs = 0;
    if (!this.#stopped) void this.flush();
  }

  stop(): void {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#waiting.unsubscribe();
  }

  async #pushAll(): Promise<void> {
    for (;;) {
      const pending = await pendingEvents(this.#db, this.#batchSize);
      if (pending.length === 0) return this.#report(true, null);
      const batch = cutBatch(pending, this.#maxBodyBytes);
      let answers: Answer[];
      try {
        answers = await this.#push(batch.events, Math.max(0, this.status$.value.waiting - batch.events.length));
        if (answers.length === 0) throw new Error('the server answered none of the events');
      } catch (error) {
        if (error instanceof GatewayError && error.status === 413) {
          const limit = limitOf(error);
          // Cut smaller and send again: to the kernel's limit, and always smaller than what it refused.
          if (batch.events.length > 1) {
            this.#maxBodyBytes = Math.max(1, Math.min(limit ?? Math.floor(batch.bytes / 2), batch.bytes - 1));
            continue;
          }
          if (limit !== undefined) this.#maxBodyBytes = Math.min(this.#maxBodyBytes, limit);
          const withheld = await this.#withhold(pending[0]!, batch.bytes, limit).catch((failure: Error) => failure);
          if (withheld === true) continue;
          if (withheld === false) return this.#report(true, 'the server asked to send some events again later');
          return this.#offline(withheld);
        }
        if (error instanceof GatewayError && error.code !== undefined && REFUSALS.has(error.code)) return this.#refused(error);
        return this.#offline(error as Error);
      }
      this.#backoffMs = 0;
      if (!(await this.#record(answers))) return this.#report(true, 'the server asked to send some events again later');
    }
  }

  /**
   * One push. `stillWaiting` (what stays unsent once this batch is answered) rides along as the
   * `Kits-Pending-Events` header: the back office's Devices page shows what each till waits to send.
   */
  #push(events: readonly WireEvent[], stillWaiting?: number): Promise<Answer[]> {
    const headers = stillWaiting === undefined ? undefined : { 'kits-pending-events': String(stillWaiting) };
    return this.#client
      .post<{ answers: Answer[]; erase?: boolean }>('/api/v1/sync/push', { events }, headers ? { headers } : undefined)
      .then((body) => {
        if (body.erase === true) this.#eraseAsked = true;
        return body.answers;
      });
  }

  /**
   * Records every answer of a batch in one write (the answer sealed once; the payload, sealed when
   * the event was appended, written back as it is). False when a `retry` answer stopped the batch.
   */
  async #record(answers: readonly Answer[], answerOf: (answer: Answer) => unknown = (answer) => answer): Promise<boolean> {
    const stored = await this.#db.events.findByIds(answers.map((answer) => answer.id)).exec();
    const answered: StoredEventDoc[] = [];
    let complete = true;
    for (const answer of answers) {
      if (answer.status === 'retry') {
        complete = false;
        break;
      }
      const event = stored.get(answer.id);
      if (!event) continue;
      const final = answer.status === 'duplicate' ? answer.original : answer;
      const kept = answerOf(final as Answer) as { status: string };
      answered.push({
        ...(event.toJSON() as StoredEventDoc),
        status: kept.status === 'denied' ? 'denied' : answer.status === 'duplicate' ? 'duplicate' : 'accepted',
        answer: await this.#db.seal.seal(kept),
      });
    }
    await this.#db.events.bulkUpsert(answered);
    return complete;
  }

  /**
   * Sends, in place of an event too large to push, a `sync.event.withheld` event with its id (so
   * the kernel answers its sequence number and the next events can apply), then keeps it as denied
   * with the reason: the resolution queue shows it. True once done; false when the kernel asked to
   * send it again later.
   */
  async #withhold(event: EventDoc, bytes: number, limitBytes: number | undefined): Promise<boolean> {
    const payload: WithheldTillEvent = { type: event.type, bytes, ...(limitBytes !== undefined ? { limitBytes } : {}) };
    const answers = await this.#push([{ id: event.id, type: WITHHELD_TILL_EVENT, occurredAt: event.occurredAt, payload }]);
    const limit = limitBytes !== undefined ? `the ${limitBytes} bytes` : 'what';
    return this.#record(answers, () => ({
      id: event.id,
      status: 'denied',
      code: 'sync.event_too_large',
      reason: `This ${event.type} event is ${bytes} bytes, more than ${limit} the server takes in one push, so it could not be sent; nothing of it reached the server. Void it (its receipt number is kept) and enter it again in smaller parts.`,
      detail: payload,
    }));
  }

  async #offline(error: Error): Promise<void> {
    this.#backoffMs = Math.min(Math.max(this.#backoffMs * 2, 1_000), 30_000);
    return this.#report(false, error.message);
  }

  /** The kernel answered but takes nothing from this till now: try again slowly (the events wait, none is lost). */
  async #refused(error: GatewayError): Promise<void> {
    this.#backoffMs = 30_000;
    return this.#report(true, error.message, { code: error.code as PushRefusal['code'], message: error.message });
  }

  async #report(online: boolean, lastError: string | null, refusal: PushRefusal | null = null): Promise<void> {
    const waiting = await this.#db.events.count({ selector: { status: 'pending' } }).exec();
    if (online && lastError === null && waiting === 0) this.#lastSyncedAt = Date.now();
    if (refusal?.code !== this.refusal$.value?.code) this.refusal$.next(refusal);
    this.status$.next({ online, waiting, lastError });
  }
}

/** The body limit a 413 problem names (`limitBytes`), when it names one. */
function limitOf(error: GatewayError): number | undefined {
  const limit = error.problem.limitBytes;
  return typeof limit === 'number' && Number.isSafeInteger(limit) && limit > 0 ? limit : undefined;
}
