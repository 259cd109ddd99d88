import { BehaviorSubject } from 'rxjs';
import type { StoredEventDoc } from '../store/collections.ts';
import { pendingEvents } from '../store/event-log.ts';
import type { TillDatabase } from '../store/till-database.ts';
import type { GatewayClient } from './gateway-client.ts';

type Answer =
  | { id: string; status: 'accepted'; result: unknown }
  | { id: string; status: 'duplicate'; original: { status: 'accepted' | 'denied' } & Record<string, unknown> }
  | { id: string; status: 'denied'; code: string; reason: string; detail?: unknown }
  | { id: string; status: 'retry'; code: string; reason: string };

export interface PushStatus {
  readonly online: boolean;
  /** Events waiting to be sent. */
  readonly waiting: number;
  readonly lastError: string | null;
}

/**
 * The till's sync agent: pushes pending events in sequence order, in batches of at most 1000,
 * records each answer (accepted, denied → the resolution queue), and backs off while the server
 * is unreachable. A `retry` answer stops the batch there; the rest go again next round.
 */
export class PushAgent {
  readonly #db: TillDatabase;
  readonly #client: GatewayClient;
  readonly #batchSize: number;
  readonly status$ = new BehaviorSubject<PushStatus>({ online: false, waiting: 0, lastError: null });
  #timer: ReturnType<typeof setTimeout> | undefined;
  #running: Promise<void> | undefined;
  #backoffMs = 0;
  #stopped = false;

  constructor(db: TillDatabase, client: GatewayClient, options: { batchSize?: number } = {}) {
    this.#db = db;
    this.#client = client;
    this.#batchSize = Math.min(options.batchSize ?? 1000, 1000);
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
  }

  async #pushAll(): Promise<void> {
    for (;;) {
      const batch = await pendingEvents(this.#db, this.#batchSize);
      if (batch.length === 0) return this.#report(true, null);
      let answers: Answer[];
      try {
        ({ answers } = await this.#client.post<{ answers: Answer[] }>('/api/v1/sync/push', {
          events: batch.map((e) => ({ id: e.id, type: e.type, occurredAt: e.occurredAt, payload: e.payload })),
        }));
      } catch (error) {
        this.#backoffMs = Math.min(Math.max(this.#backoffMs * 2, 1_000), 30_000);
        return this.#report(false, (error as Error).message);
      }
      this.#backoffMs = 0;
      // Every answer of the batch recorded in one write, the answer sealed once; the payload, sealed
      // when the event was appended, is written back as it is.
      const stored = await this.#db.events.findByIds(batch.map((event) => event.id)).exec();
      const answered: StoredEventDoc[] = [];
      let stopped = false;
      for (const answer of answers) {
        if (answer.status === 'retry') {
          stopped = true;
          break;
        }
        const event = stored.get(answer.id);
        if (!event) continue;
        const final = answer.status === 'duplicate' ? answer.original : answer;
        answered.push({
          ...(event.toJSON() as StoredEventDoc),
          status: final.status === 'denied' ? 'denied' : answer.status === 'duplicate' ? 'duplicate' : 'accepted',
          answer: await this.#db.seal.seal(final),
        });
      }
      await this.#db.events.bulkUpsert(answered);
      if (stopped) return this.#report(true, 'the server asked to send some events again later');
    }
  }

  async #report(online: boolean, lastError: string | null): Promise<void> {
    const waiting = await this.#db.events.count({ selector: { status: 'pending' } }).exec();
    this.status$.next({ online, waiting, lastError });
  }
}
