import { send } from '../sales-load/send.ts';
import { percentile } from '../sales-load/terminals.ts';
import type { BenchShopifyDouble } from './shopify-double.ts';

/** A linked variant: KiTS's id and its inventory item on Shopify. */
export interface LinkedVariant {
  readonly variantId: string;
  readonly inventoryItemId: string;
}

export interface SaleToShopify {
  /** The checkout load meanwhile: sales a second asked for, sales made, their latency at the till. */
  readonly rate: number;
  readonly terminals: number;
  readonly sales: number;
  readonly seconds: number;
  readonly checkoutP50: number;
  readonly checkoutP99: number;
  /** Probe sales timed from their 201 at the till to the new level on Shopify (ms). */
  readonly probes: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  /** Probes whose level did not reach Shopify within the limit (counted at the limit). */
  readonly timedOut: number;
  /** Shopify calls meanwhile, by operation, and THROTTLED answers. */
  readonly calls: Readonly<Record<string, number>>;
  readonly throttled: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Till sales of random linked variants (three lines each, cash) at `rate` a second in all from the
 * load's tills, while the probe till sells one unit of the probe variant at a time: each probe is
 * timed from its 201 until the double holds KiTS's new level for it (read in the double's own
 * memory every 2 ms, so the figure is the plugin's: event delivery, the pusher's tick, its call).
 */
export async function measureSaleToShopify(
  url: string,
  options: {
    readonly tills: readonly string[];
    readonly probeTill: string;
    readonly variants: readonly LinkedVariant[];
    readonly probe: LinkedVariant;
    readonly shop: BenchShopifyDouble;
    readonly shopifyLocation: string;
    readonly rate: number;
    readonly probes: number;
    readonly limitMs?: number;
  },
): Promise<SaleToShopify> {
  const { shop, shopifyLocation, probe } = options;
  const limitMs = options.limitMs ?? 10_000;
  const firstCall = shop.calls.length;
  const pick = () => options.variants[Math.floor(Math.random() * options.variants.length)]!.variantId;
  const checkout: number[] = [];
  let running = true;
  let failure: unknown;
  const started = performance.now();

  const sell = async (token: string, lines: Array<{ variantId: string; quantity: number }>) => {
    const answer = await send<{ id: string }>(url, 'POST', '/api/v1/core-sales/sales', token, {
      lines,
      tenders: [{ method: 'cash', amount: 100_000_000 }],
    });
    if (answer.status !== 201) throw new Error(`checkout answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  };

  const load = (async () => {
    const free = [...options.tills];
    const selling = new Set<Promise<void>>();
    for (let next = performance.now(); running && failure === undefined;) {
      next += 1000 / options.rate;
      await sleep(Math.max(0, next - performance.now()));
      while (free.length === 0) await Promise.race(selling);
      const till = free.pop()!;
      const at = performance.now();
      const sale: Promise<void> = sell(
        till,
        [1, 2, 3].map(() => ({ variantId: pick(), quantity: 1 })),
      )
        .then(
          () => void checkout.push(performance.now() - at),
          (error: unknown) => void (failure = error),
        )
        .finally(() => {
          free.push(till);
          selling.delete(sale);
        });
      selling.add(sale);
    }
    await Promise.all(selling);
  })();

  // The load settles into its pace before the first probe.
  await sleep(2_000);
  const latencies: number[] = [];
  let timedOut = 0;
  let expected = shop.level(probe.inventoryItemId, shopifyLocation);
  if (expected === undefined) throw new Error('the probe variant is not stocked at the mapped location on Shopify');
  try {
    for (let i = 0; i < options.probes && failure === undefined; i++) {
      await sell(options.probeTill, [{ variantId: probe.variantId, quantity: 1 }]);
      const answeredAt = performance.now();
      expected -= 1;
      for (;;) {
        const waited = performance.now() - answeredAt;
        if (shop.level(probe.inventoryItemId, shopifyLocation) === expected) {
          latencies.push(waited);
          break;
        }
        if (waited > limitMs) {
          latencies.push(limitMs);
          timedOut += 1;
          break;
        }
        await sleep(2);
      }
      // Probes a little apart, at random: each starts wherever the pusher's half-second tick is.
      await sleep(100 + Math.random() * 400);
    }
  } finally {
    running = false;
    await load;
  }
  if (failure !== undefined) throw failure;
  const seconds = (performance.now() - started) / 1000;
  const calls = shop.calls.slice(firstCall);
  const byOperation: Record<string, number> = {};
  for (const call of calls) byOperation[call.operation] = (byOperation[call.operation] ?? 0) + 1;
  return {
    rate: options.rate,
    terminals: options.tills.length,
    sales: checkout.length,
    seconds,
    checkoutP50: percentile(checkout, 50),
    checkoutP99: percentile(checkout, 99),
    probes: latencies.length,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    timedOut,
    calls: byOperation,
    throttled: calls.filter((c) => c.throttled).length,
  };
}
