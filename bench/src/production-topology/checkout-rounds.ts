import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { v7 as uuidv7 } from 'uuid';
import { percentile, type Terminal } from '../sales-load/index.ts';
import { send } from '../sales-load/send.ts';

/** Where a round's checkouts go. */
export interface CheckoutPath {
  readonly name: string;
  readonly url: string;
  /** Run before each of this path's rounds (the balancer narrowed to one kernel, say). */
  readonly before?: () => Promise<void>;
}

/** A path's figures over all its rounds. */
export interface PathFigures {
  readonly name: string;
  readonly sales: number;
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
}

/** Online checkouts of one cash sale of 1–2 units, `terminals` at once (each its own cashier and shift), for `ms`. */
async function round(path: CheckoutPath, terminals: readonly Terminal[], variants: readonly string[], ms: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + ms;
  await Promise.all(
    terminals.map(async (terminal) => {
      while (performance.now() < until) {
        const variantId = variants[Math.floor(Math.random() * variants.length)]!;
        const body = {
          id: uuidv7(),
          lines: [{ variantId, quantity: 1 + Math.floor(Math.random() * 2) }],
          tenders: [{ method: 'cash', amount: 1_000_000 }],
        };
        const started = performance.now();
        const answer = await send(path.url, 'POST', '/api/v1/core-sales/sales', terminal.token, body, {
          'idempotency-key': randomUUID(),
        }).catch(() => undefined);
        if (answer?.status === 201 || answer?.status === 200) latencies.push(performance.now() - started);
        else errors += 1;
      }
    }),
  );
  return { latencies, errors };
}

/**
 * Checks out on each path in turn — round 1 on every path, then round 2… — so the machine's drift
 * (other load, a warmer cache) falls on every path alike; a short unmeasured round first on each.
 */
export async function alternateCheckoutRounds(
  paths: readonly CheckoutPath[],
  terminals: readonly Terminal[],
  variants: readonly string[],
  options: { readonly rounds: number; readonly roundMs: number; readonly warmUpMs: number },
): Promise<PathFigures[]> {
  const all = new Map(paths.map((path) => [path.name, { latencies: [] as number[], errors: 0 }]));
  for (const path of paths) {
    await path.before?.();
    await round(path, terminals, variants, options.warmUpMs);
  }
  for (let r = 0; r < options.rounds; r++) {
    for (const path of paths) {
      await path.before?.();
      const { latencies, errors } = await round(path, terminals, variants, options.roundMs);
      all.get(path.name)!.latencies.push(...latencies);
      all.get(path.name)!.errors += errors;
    }
  }
  const seconds = (options.rounds * options.roundMs) / 1000;
  return paths.map((path) => {
    const { latencies, errors } = all.get(path.name)!;
    return {
      name: path.name,
      sales: latencies.length,
      seconds,
      perSecond: latencies.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      errors,
    };
  });
}
