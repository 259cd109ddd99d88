import type pg from 'pg';
import { send } from '../sales-load/send.ts';
import { percentile } from '../sales-load/terminals.ts';

/** A till selling during the measurement: its session token. */
export interface SellingTill {
  readonly token: string;
}

/** The probe till: alone in its store, so only its sales change that store's rollups while the bench runs. */
export interface ProbeTill extends SellingTill {
  readonly deviceId: string;
  readonly locationId: string;
}

/** A checkout load and what the terminals saw of it. */
export interface LoadFigures {
  readonly terminals: number;
  readonly sales: number;
  readonly seconds: number;
  readonly p50: number;
  readonly p99: number;
}

/** Probe sales timed from their 201 to their net in the rollups (ms). */
export interface ProbeFigures {
  readonly probes: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Probes not visible within the time limit (counted at the limit in the figures). */
  readonly timedOut: number;
}

/** Sales at a steady rate, probes timed into the rollups meanwhile. */
export interface PacedVisibility extends ProbeFigures {
  readonly rate: number;
  readonly load: LoadFigures;
  /** When a probe never showed (the ingest fell behind the load): the events queued for reports as the load stopped, and how long they took to drain. */
  readonly fellBehind: { readonly backlog: number; readonly drainSeconds: number } | null;
}

/**
 * The sales bench's load (every terminal flat out): how fast sales come, how fast reports takes them
 * in, and probe sales timed into the rollups all through it.
 */
export interface FlatOutIngest extends ProbeFigures {
  readonly load: LoadFigures;
  /** Events for reports published per second of load (a sale and a stock movement per line), and those reports journaled meanwhile. */
  readonly publishedPerSecond: number;
  readonly ingestedPerSecond: number;
  /** Deliveries to reports still queued when the load stopped. */
  readonly backlogAtEnd: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const saleBody = (lines: ReadonlyArray<{ variantId: string; quantity: number }>) => ({
  lines,
  tenders: [{ method: 'cash', amount: 10_000_000 }],
});

/** Rings up one 3-line cash sale of random variants; answers its latency. */
async function ringUp(url: string, till: SellingTill, variants: readonly string[]): Promise<number> {
  const pick = () => variants[Math.floor(Math.random() * variants.length)]!;
  const started = performance.now();
  const answer = await send(
    url,
    'POST',
    '/api/v1/core-sales/sales',
    till.token,
    saleBody([1, 2, 3].map((quantity) => ({ variantId: pick(), quantity }))),
  );
  if (answer.status !== 201) throw new Error(`checkout answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return performance.now() - started;
}

/**
 * Sales from the terminals until `running()` says stop: `rate` sales a second in all (each sale on
 * a terminal that is free; when none is, the next waits for one), or with `rate` null every
 * terminal flat out, one sale after another. Answers the latencies of the 201s.
 */
function checkoutLoad(
  url: string,
  tills: readonly SellingTill[],
  variants: readonly string[],
  rate: number | null,
  running: () => boolean,
) {
  const latencies: number[] = [];
  const started = performance.now();
  const done = (async () => {
    if (rate === null) {
      await Promise.all(
        tills.map(async (till) => {
          while (running()) latencies.push(await ringUp(url, till, variants));
        }),
      );
      return;
    }
    const free = [...tills];
    const selling = new Set<Promise<void>>();
    let failure: unknown;
    for (let next = performance.now(); running() && failure === undefined;) {
      next += 1000 / rate;
      await sleep(Math.max(0, next - performance.now()));
      while (free.length === 0) await Promise.race(selling);
      const till = free.pop()!;
      const sale: Promise<void> = ringUp(url, till, variants)
        .then(
          (ms) => void latencies.push(ms),
          (error: unknown) => void (failure = error),
        )
        .finally(() => {
          free.push(till);
          selling.delete(sale);
        });
      selling.add(sale);
    }
    await Promise.all(selling);
    if (failure !== undefined) throw failure;
  })();
  return {
    done,
    figures: (): LoadFigures => ({
      terminals: tills.length,
      sales: latencies.length,
      seconds: (performance.now() - started) / 1000,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    }),
  };
}

/** Measures visibility with one database connection: what the probe's store and till show in the rollups, and reports' queue. */
class RollupWatch {
  readonly #db: pg.Client;
  readonly #tenantId: string;
  readonly #probe: ProbeTill;
  readonly #variant: string;
  #expected = { sales: 0, basketNet: 0, variantNet: 0 };

  constructor(db: pg.Client, tenantId: string, probe: ProbeTill, variant: string) {
    this.#db = db;
    this.#tenantId = tenantId;
    this.#probe = probe;
    this.#variant = variant;
  }

  async #read() {
    const { rows } = await this.#db.query<{ sales: string; basket_net: string; variant_net: string }>(
      // By the primary keys' leading columns (the probe till's store, then the till): the read stays a
      // few ms on 5M lines, so what is measured is the ingest, not this poll (which, filtering the
      // till without its store, read half of basket_hours each time: ~0.5 s a read at full scale).
      `select b.sales::text as sales, b.net::text as basket_net,
              (select coalesce(sum(net), 0) from reports.variant_hours where tenant_id = $1 and location_id = $3 and variant_id = $4)::text as variant_net
         from (select coalesce(sum(sales), 0) as sales, coalesce(sum(net), 0) as net from reports.basket_hours
                where tenant_id = $1 and basis = 'happened' and location_id = $3 and device_id = $2) b`,
      [this.#tenantId, this.#probe.deviceId, this.#probe.locationId, this.#variant],
    );
    return { sales: Number(rows[0]!.sales), basketNet: Number(rows[0]!.basket_net), variantNet: Number(rows[0]!.variant_net) };
  }

  /** What the rollups hold now is the starting point: every probe after adds one sale and its net. */
  async start(): Promise<void> {
    this.#expected = await this.#read();
  }

  /**
   * The probe till sells one unit of the probe variant; answers the ms from its 201 until the
   * rollups show it — one more sale and its net in the till's basket_hours, its net in the
   * variant's variant_hours at the store — polled every few ms, or null after `limitMs`.
   */
  async probe(url: string, limitMs: number): Promise<number | null> {
    const sale = await send<{ lines: Array<{ total: number; tax: number }> }>(
      url,
      'POST',
      '/api/v1/core-sales/sales',
      this.#probe.token,
      saleBody([{ variantId: this.#variant, quantity: 1 }]),
    );
    const answeredAt = performance.now();
    if (sale.status !== 201) throw new Error(`probe sale answered ${sale.status}: ${JSON.stringify(sale.body)}`);
    const net = sale.body.lines.reduce((sum, line) => sum + line.total - line.tax, 0);
    const expected = this.#expected;
    expected.sales += 1;
    expected.basketNet += net;
    expected.variantNet += net;
    for (;;) {
      const now = await this.#read();
      const waited = performance.now() - answeredAt;
      if (now.sales >= expected.sales && now.basketNet >= expected.basketNet && now.variantNet >= expected.variantNet) return waited;
      if (waited > limitMs) return null;
      await sleep(5);
    }
  }

  /** Events reports has journaled for the tenant so far (each one it took in). */
  async journaled(): Promise<number> {
    const { rows } = await this.#db.query<{ n: number }>('select count(*)::int as n from reports.journal where tenant_id = $1', [
      this.#tenantId,
    ]);
    return rows[0]!.n;
  }

  /** Deliveries to reports not yet made (relayed and queued, or still in the outbox). */
  async backlog(): Promise<number> {
    const { rows } = await this.#db.query<{ n: number }>(
      `select ((select count(*) from kernel.event_deliveries where tenant_id = $1 and subscriber like 'reports:%')
             + (select count(*) from kernel.outbox where tenant_id = $1 and relayed_at is null
                   and type in ('sales.sale.completed', 'sales.sale.refunded', 'sales.sale.voided', 'inventory.stock.moved')))::int as n`,
      [this.#tenantId],
    );
    return rows[0]!.n;
  }

  /** Waits until reports has taken in every event published (at most `limitMs`); answers the ms it took. */
  async settled(limitMs: number): Promise<number> {
    const started = performance.now();
    while ((await this.backlog()) > 0) {
      if (performance.now() - started > limitMs)
        throw new Error(`reports still had ${await this.backlog()} events to take in after ${limitMs / 1000} s`);
      await sleep(250);
    }
    return performance.now() - started;
  }
}

export interface VisibilityOptions {
  readonly url: string;
  readonly db: pg.Client;
  readonly tenantId: string;
  readonly terminals: readonly SellingTill[];
  readonly variants: readonly string[];
  readonly probe: ProbeTill;
  readonly probeVariant: string;
}

/** The probes' times (ms; one not shown counted at the limit) as figures. */
const probeFigures = (times: readonly number[], timedOut: number): ProbeFigures => ({
  probes: times.length,
  p50: percentile(times, 50),
  p95: percentile(times, 95),
  p99: percentile(times, 99),
  max: Math.max(...times),
  timedOut,
});

const PROBE_LIMIT_MS = 30_000;
/** How long reports may take to work off its queue before the bench gives up. */
const SETTLE_LIMIT_MS = 30 * 60_000;

/**
 * The checkout load at `rate` sales a second while the probe till sells `probes` times, one at a
 * time with a pause of 100–400 ms, each timed into the rollups. A probe that does not show within
 * 30 s means the ingest fell behind the load: the load stops there (more would only queue more),
 * and what was queued is timed as it drains.
 */
export async function measurePacedVisibility(options: VisibilityOptions, rate: number, probes: number): Promise<PacedVisibility> {
  const watch = new RollupWatch(options.db, options.tenantId, options.probe, options.probeVariant);
  await watch.settled(SETTLE_LIMIT_MS);
  let running = true;
  const load = checkoutLoad(options.url, options.terminals, options.variants, rate, () => running);
  const times: number[] = [];
  let timedOut = 0;
  let loadFailed = false;
  load.done.catch(() => (loadFailed = true));
  try {
    await sleep(3000);
    await watch.start();
    for (let i = 0; i < probes && timedOut === 0 && !loadFailed; i++) {
      const ms = await watch.probe(options.url, PROBE_LIMIT_MS);
      if (ms === null) timedOut++;
      times.push(ms ?? PROBE_LIMIT_MS);
      await sleep(100 + Math.random() * 300);
    }
  } finally {
    running = false;
    await load.done;
  }
  const figures = load.figures();
  const backlog = await watch.backlog();
  const drainMs = await watch.settled(SETTLE_LIMIT_MS);
  return {
    rate,
    load: figures,
    fellBehind: timedOut > 0 ? { backlog, drainSeconds: drainMs / 1000 } : null,
    ...probeFigures(times, timedOut),
  };
}

/**
 * The sales bench's checkout load — every terminal flat out — for `seconds`, the probe till selling
 * all through it (after 3 s, one probe at a time with a pause of 100–400 ms, each timed into the
 * rollups): the probes' figures, sales a second, the events for reports published and journaled a
 * second, and reports' queue when the load stops.
 */
export async function measureFlatOutIngest(options: VisibilityOptions, seconds: number): Promise<FlatOutIngest> {
  const watch = new RollupWatch(options.db, options.tenantId, options.probe, options.probeVariant);
  await watch.settled(SETTLE_LIMIT_MS);
  const journaledBefore = await watch.journaled();
  let running = true;
  const load = checkoutLoad(options.url, options.terminals, options.variants, null, () => running);
  let loadFailed = false;
  load.done.catch(() => (loadFailed = true));
  const times: number[] = [];
  let timedOut = 0;
  const ends = performance.now() + seconds * 1000;
  try {
    await sleep(3000);
    await watch.start();
    while (performance.now() < ends && !loadFailed) {
      const ms = await watch.probe(options.url, PROBE_LIMIT_MS);
      if (ms === null) timedOut++;
      times.push(ms ?? PROBE_LIMIT_MS);
      await sleep(100 + Math.random() * 300);
    }
  } finally {
    running = false;
    await load.done;
  }
  const figures = load.figures();
  const journaled = (await watch.journaled()) - journaledBefore;
  const backlogAtEnd = await watch.backlog();
  await watch.settled(SETTLE_LIMIT_MS);
  // Each sale is 4 events for reports: the sale and a stock movement per line (3); a probe sale is 2.
  return {
    load: figures,
    publishedPerSecond: (figures.sales * 4 + times.length * 2) / figures.seconds,
    ingestedPerSecond: journaled / figures.seconds,
    backlogAtEnd,
    ...probeFigures(times, timedOut),
  };
}
