/**
 * How big the reports bench runs: `BENCH_REPORTS_SCALE=small` (the default: a quick run that
 * proves every step works) or `full` (what issue 22 names and bench/RESULTS.md records: 2 years of
 * 50 stores, about 5 million sale lines). BENCH_REPORTS_CHECKOUT_RATE sets the paced load's rate.
 */
export interface ReportsScale {
  readonly name: 'small' | 'full';
  /** The shop whose history the reports read. */
  readonly shop: ShopShape;
  /** A second shop with a journal of events, rebuilt from it to measure the rebuild's rate. */
  readonly rebuildShop: ShopShape;
  /** Requests per report measured, after `warmUp` more, `concurrency` at a time. */
  readonly requests: number;
  readonly warmUp: number;
  readonly concurrency: number;
  /** Requests of each long report (a year by product, two years by category), one at a time. */
  readonly longRequests: number;
  /**
   * The checkout load: `terminals` tills selling `rate` sales a second in all while the probe till's
   * `probes` sales are timed into the rollups; then every terminal flat out for `flatOutSeconds`, the
   * probe till selling and timing its sales all through it.
   */
  readonly checkout: { readonly terminals: number; readonly rate: number; readonly probes: number; readonly flatOutSeconds: number };
}

/** A generated shop: its stores, its catalog and the history the generator makes for it. */
export interface ShopShape {
  readonly locations: number;
  readonly variants: number;
  readonly categories: number;
  /** Days of history, ending now. */
  readonly days: number;
  /** About this many sale lines over those days (the generator's calibration target). */
  readonly saleLines: number;
}

const SCALES: Readonly<Record<ReportsScale['name'], ReportsScale>> = {
  small: {
    name: 'small',
    shop: { locations: 6, variants: 400, categories: 12, days: 60, saleLines: 60_000 },
    rebuildShop: { locations: 2, variants: 200, categories: 8, days: 14, saleLines: 6_000 },
    requests: 60,
    warmUp: 10,
    concurrency: 2,
    longRequests: 3,
    checkout: { terminals: 4, rate: 5, probes: 40, flatOutSeconds: 10 },
  },
  full: {
    name: 'full',
    // 2 years (730 days) of 50 stores: 5 million lines is about 137 a store a day.
    shop: { locations: 50, variants: 3000, categories: 40, days: 730, saleLines: 5_000_000 },
    // About 70,000 sales: ~250,000 journal events (a sale and a stock movement per line).
    rebuildShop: { locations: 10, variants: 3000, categories: 40, days: 135, saleLines: 185_000 },
    requests: 200,
    warmUp: 20,
    concurrency: 4,
    longRequests: 5,
    checkout: { terminals: 16, rate: 10, probes: 200, flatOutSeconds: 60 },
  },
};

export function reportsScale(name = process.env.BENCH_REPORTS_SCALE ?? 'small'): ReportsScale {
  if (name !== 'small' && name !== 'full')
    throw new Error(`BENCH_REPORTS_SCALE is "${name}": set it to small (a quick run) or full (the issue's 5 million sale lines).`);
  const scale = SCALES[name];
  const rate = process.env.BENCH_REPORTS_CHECKOUT_RATE;
  return rate ? { ...scale, checkout: { ...scale.checkout, rate: Number(rate) } } : scale;
}
