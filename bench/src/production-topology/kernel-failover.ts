import { performance } from 'node:perf_hooks';
import { checkSales, runTerminals, type LoadStats, type SalesCheck, type Terminal } from '../sales-load/index.ts';
import { backendStats, type RunningTopology } from './topology-process.ts';

/** What a kernel killed behind the balancer cost. */
export interface FailoverFigures {
  readonly stats: LoadStats;
  readonly check: SalesCheck;
  readonly elapsedSeconds: number;
  /** Which kernel was killed, and when in the run (s). */
  readonly killed: { readonly name: string; readonly atSeconds: number };
  /** From the SIGKILL until the balancer marked it DOWN (ms): after that it sends it nothing. */
  readonly drainMs: number | undefined;
  /** Requests HAProxy sent again to another kernel after the killed one failed them (`wredis`, `wretr`). */
  readonly redispatched: number;
  readonly retried: number;
  /** Requests terminals saw fail (no answer, 5xx) and sent again with their Idempotency-Key. */
  readonly clientRetries: number;
  /** Sales accepted but missing, plus sales and events that never got a final answer: the target is 0. */
  readonly lost: number;
}

/**
 * Sells through the balancer for `seconds` (terminals retrying on their Idempotency-Key, as tills
 * do) and SIGKILLs `victim` at `killAtSeconds`; polls the balancer every 20 ms for the moment it marks
 * the kernel DOWN. Then checks the database as the scale-out bench does.
 */
export async function killOneKernelUnderLoad(
  topology: RunningTopology,
  terminals: readonly Terminal[],
  variants: readonly string[],
  options: { readonly seconds: number; readonly killAtSeconds: number; readonly victim: number; readonly tenantSlug: string },
): Promise<FailoverFigures> {
  const victim = topology.kernels[options.victim]!;
  const started = performance.now();
  const deadline = Date.now() + options.seconds * 1000;
  const load = runTerminals(terminals, { kernels: () => [topology.url], variants, selling: () => Date.now() < deadline, drainMs: 120_000 });

  await new Promise((resolve) => setTimeout(resolve, options.killAtSeconds * 1000));
  const killedAt = performance.now();
  process.kill(victim.pid, 'SIGKILL');
  let drainMs: number | undefined;
  while (performance.now() - killedAt < 30_000) {
    const row = (await backendStats(topology.balancerAdminSocket)).find((server) => server.svname === victim.name);
    if (row?.status?.startsWith('DOWN')) {
      drainMs = performance.now() - killedAt;
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  const stats = await load;
  const elapsedSeconds = (performance.now() - started) / 1000;
  const check = await checkSales(topology.primaryUrl, stats, { deliveryWaitMs: 120_000, tenantSlug: options.tenantSlug });
  const backend = (await backendStats(topology.balancerAdminSocket)).find((row) => row.svname === 'BACKEND')!;
  const clientRetries = [...stats.errors].filter(([what]) => /sent again/.test(what)).reduce((sum, [, n]) => sum + n, 0);
  return {
    stats,
    check,
    elapsedSeconds,
    killed: { name: victim.name, atSeconds: (killedAt - started) / 1000 },
    drainMs,
    redispatched: Number(backend.wredis ?? 0),
    retried: Number(backend.wretr ?? 0),
    clientRetries,
    lost: check.missing + stats.unanswered,
  };
}
