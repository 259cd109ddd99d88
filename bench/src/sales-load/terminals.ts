import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { send } from './send.ts';
import type { Terminal } from './shop.ts';

/** The kernels that serve now, as a load balancer sees them; a terminal's next try goes to the next one. */
export type KernelUrls = () => readonly string[];

/** One request and what came of it: a status (and code), or `no answer`. */
export interface Outcome {
  readonly at: number;
  readonly kind: 'online' | 'push';
  readonly answer: string;
  readonly ms: number;
}

/** What terminals saw during a run. */
export class LoadStats {
  readonly latencies = { online: [] as number[], push: [] as number[] };
  /** Sales a terminal was told were accepted (online 2xx, offline `accepted`, or a duplicate of one). */
  readonly accepted = new Set<string>();
  denied = 0;
  /** Keys and batches sent again after an answer, whose answer then had to be the same. */
  replays = 0;
  /** Replays answered otherwise than the first time: each must be none. */
  readonly replayMismatches: string[] = [];
  readonly errors = new Map<string, number>();
  readonly outcomes: Outcome[] = [];
  syncEvents = 0;
  /** Sales or events still without a final answer when the run gave up on them. */
  unanswered = 0;

  error(what: string): void {
    this.errors.set(what, (this.errors.get(what) ?? 0) + 1);
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }
}

export interface LoadOptions {
  readonly kernels: KernelUrls;
  readonly variants: readonly string[];
  /** Terminals start new sales while this is true. */
  readonly selling: () => boolean;
  /** Once selling stops, how long a terminal keeps sending what has no final answer yet. */
  readonly drainMs: number;
}

type Answer = { id: string; status: string; code?: string; original?: { status: string; code?: string } };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs every terminal until selling stops and what they sent is answered. Online terminals check
 * out with an Idempotency-Key; one sale in ten is sent twice, and a sale without a final answer
 * (no answer at all, 503, or 409 `idempotency.in_progress`) is sent again with its key — to the
 * next kernel, after the Retry-After given — until it has one. Offline terminals push batches of
 * 1–10 sales in order; one batch in ten is sent again whole, and a batch without an answer is sent
 * again. Every later answer to a key or batch must equal the first.
 */
export async function runTerminals(terminals: readonly Terminal[], options: LoadOptions): Promise<LoadStats> {
  const stats = new LoadStats();
  await Promise.all(
    terminals.map((terminal) => (terminal.mode === 'online' ? online(terminal, options, stats) : offline(terminal, options, stats))),
  );
  return stats;
}

function basket(variants: readonly string[]) {
  const lines = new Map<string, number>();
  for (let n = 1 + Math.floor(Math.random() * 3); n > 0; n--) {
    const variantId = variants[Math.floor(Math.random() * variants.length)]!;
    lines.set(variantId, (lines.get(variantId) ?? 0) + 1 + Math.floor(Math.random() * 2));
  }
  return [...lines].map(([variantId, quantity]) => ({ variantId, quantity }));
}

/** The kernel for a terminal's `attempt`-th try: round the live ones, starting from its own. */
function kernelFor(options: LoadOptions, terminal: Terminal, attempt: number): string | undefined {
  const urls = options.kernels();
  return urls.length === 0 ? undefined : urls[(terminal.index + attempt) % urls.length];
}

/** Waits what the kernel asked (Retry-After, in seconds; at least 250 ms, at most 5 s). */
const retryAfterMs = (headers: Headers | undefined) => Math.min(5_000, Math.max(250, Number(headers?.get('retry-after') ?? 0) * 1000));

async function online(terminal: Terminal, options: LoadOptions, stats: LoadStats): Promise<void> {
  let drainUntil: number | undefined;
  const drainOver = () => (drainUntil ??= Date.now() + options.drainMs) < Date.now();
  while (options.selling()) {
    const body = { id: uuidv7(), lines: basket(options.variants), tenders: [{ method: 'cash', amount: 1_000_000 }] };
    const key = randomUUID();
    let first: string | undefined;
    let sendAgain = Math.random() < 0.1;
    for (let attempt = 0; ; attempt++) {
      if (!options.selling() && drainOver()) {
        stats.unanswered += 1;
        stats.error('online: gave up without a final answer');
        break;
      }
      const url = kernelFor(options, terminal, attempt);
      if (!url) {
        await sleep(250);
        continue;
      }
      const started = performance.now();
      let answer: Awaited<ReturnType<typeof send<{ id?: string; code?: string; total?: number }>>>;
      try {
        answer = await send(url, 'POST', '/api/v1/core-sales/sales', terminal.token, body, { 'idempotency-key': key });
      } catch (failure) {
        stats.outcomes.push({ at: Date.now(), kind: 'online', answer: 'no answer', ms: performance.now() - started });
        stats.error(`online no answer (${(failure as Error).name}), sent again`);
        await sleep(250);
        continue;
      }
      const ms = performance.now() - started;
      stats.latencies.online.push(ms);
      stats.outcomes.push({
        at: Date.now(),
        kind: 'online',
        answer: `${answer.status}${answer.body?.code ? ` ${answer.body.code}` : ''}`,
        ms,
      });
      if (answer.status === 503 || (answer.status === 409 && answer.body?.code === 'idempotency.in_progress')) {
        // Not done (rolled back, the database away, still running elsewhere): the till sends it again with its key.
        stats.error(`online ${answer.status} ${answer.body?.code}, sent again`);
        await sleep(retryAfterMs(answer.headers));
        continue;
      }
      // A final answer. The first one a terminal sees is the sale's; any later one must be the same.
      const seen = answer.status < 300 ? `accepted ${answer.body?.id} ${answer.body?.total}` : `${answer.status} ${answer.body?.code}`;
      if (first === undefined) {
        first = seen;
        if (answer.status < 300) stats.accepted.add(answer.body!.id!);
        else if (answer.status === 409 && answer.body?.code === 'inventory.insufficient_stock') stats.denied += 1;
        else stats.error(`online ${answer.status} ${answer.body?.code}`);
      } else if (seen !== first) stats.replayMismatches.push(`sale ${body.id} key ${key}: first "${first}", then "${seen}"`);
      if (sendAgain) {
        // As a till does when an answer was lost: the same key and body again.
        sendAgain = false;
        stats.replays += 1;
        continue;
      }
      break;
    }
  }
}

/** The most events one sync push may carry (the kernel's `maxItems` in kernel/src/sync/routes.ts, the till's batch). */
const MAX_EVENTS_PER_PUSH = 1000;

async function offline(terminal: Terminal, options: LoadOptions, stats: LoadStats): Promise<void> {
  let sequence = 0;
  let receipt = 0;
  const shiftId = uuidv7();
  const event = (type: string, payload: unknown) => ({
    id: `${terminal.deviceId}#${++sequence}#${randomUUID()}`,
    type,
    occurredAt: new Date().toISOString(),
    payload,
  });
  let queue = [event('sales.shift.opened', { shiftId, openingFloat: 0 })];
  let attempt = 0;
  const push = async (events: typeof queue): Promise<Answer[] | undefined> => {
    const url = kernelFor(options, terminal, attempt++);
    if (!url) {
      // No kernel is up: wait for one. (Without the wait this loop never yielded to a timer and
      // queued sales until the heap ran out, as a CI run under load showed.)
      await sleep(250);
      return undefined;
    }
    const started = performance.now();
    try {
      const answer = await send<{ answers: Answer[]; code?: string }>(url, 'POST', '/api/v1/sync/push', terminal.token, { events });
      const ms = performance.now() - started;
      stats.latencies.push.push(ms);
      stats.outcomes.push({
        at: Date.now(),
        kind: 'push',
        answer: `${answer.status}${answer.body?.code ? ` ${answer.body.code}` : ''}`,
        ms,
      });
      if (answer.status === 200) return answer.body.answers;
      stats.error(`sync push ${answer.status} ${answer.body?.code}, sent again`);
      await sleep(retryAfterMs(answer.headers));
    } catch (failure) {
      stats.outcomes.push({ at: Date.now(), kind: 'push', answer: 'no answer', ms: performance.now() - started });
      stats.error(`sync push without an answer (${(failure as Error).name}), sent again`);
      await sleep(250);
    }
    return undefined;
  };
  let drainUntil: number | undefined;
  for (;;) {
    const selling = options.selling();
    if (!selling && queue.length === 0) break;
    if (!selling && (drainUntil ??= Date.now() + options.drainMs) < Date.now()) {
      stats.unanswered += queue.length;
      stats.error(`sync: ${queue.length} events never answered`);
      break;
    }
    for (let n = selling ? 1 + Math.floor(Math.random() * 10) : 0; n > 0; n--)
      queue.push(
        event('sales.sale.completed', {
          sale: { id: uuidv7(), shiftId, lines: basket(options.variants), tenders: [{ method: 'cash', amount: 1_000_000 }] },
          receiptNumber: ++receipt,
          cashierId: terminal.cashierId,
        }),
      );
    // At most what one push may carry, as a till's push agent sends: a queue that grew while no
    // kernel answered is sent in turns, never as one batch the kernel must refuse (400) for ever.
    const batch = queue.slice(0, MAX_EVENTS_PER_PUSH);
    const answers = await push(batch);
    if (!answers) continue;
    const retryFrom = answers.findIndex((a) => a.status === 'retry');
    const finals = new Map<string, string>();
    for (const [i, answer] of answers.entries()) {
      if (retryFrom >= 0 && i >= retryFrom) break;
      const sale = (batch[i]!.payload as { sale?: { id: string } }).sale;
      const final = answer.status === 'duplicate' ? answer.original! : answer;
      finals.set(answer.id, `${final.status} ${final.code ?? ''}`);
      if (final.status === 'accepted' && sale) stats.accepted.add(sale.id);
      else if (final.status === 'denied' && final.code === 'inventory.insufficient_stock') stats.denied += 1;
      else if (final.status !== 'accepted') stats.error(`sync ${answer.status} ${final.status} ${final.code}`);
    }
    stats.syncEvents += retryFrom >= 0 ? retryFrom : answers.length;
    queue = [...(retryFrom >= 0 ? batch.slice(retryFrom) : []), ...queue.slice(batch.length)];
    // One batch in ten is sent again whole, as after a lost answer: every event a duplicate of its first answer.
    if (retryFrom < 0 && Math.random() < 0.1) {
      const again = await push(batch);
      if (again) {
        stats.replays += 1;
        for (const answer of again) {
          const original = answer.status === 'duplicate' ? `${answer.original!.status} ${answer.original!.code ?? ''}` : undefined;
          if (original !== finals.get(answer.id))
            stats.replayMismatches.push(`event ${answer.id}: first "${finals.get(answer.id)}", then ${answer.status} "${original ?? ''}"`);
        }
      }
    }
  }
}

/** The p-th percentile of `values` (0 when there are none). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
