// Production topology bench (issue 28): the topology of deploy/topology — HAProxy terminating TLS
// 1.3 → 3 kernels → PgBouncer (transaction pooling) → PostgreSQL with a streaming replica, Redis
// (AOF), RabbitMQ — run as an operator runs it (`npm run --workspace @kits/deploy topology`), with one
// more kernel outside it whose DATABASE_URL is the primary itself.
//  1. Checkout through the balancer and PgBouncer against direct, as ratios in one run: online cash
//     checkouts, 8 at once, in alternating rounds on (a) the balancer narrowed to kernel-1 (the
//     others in maintenance), (b) the direct kernel, (c) the balancer over all three kernels.
//  2. Failover: 8 terminals (half online, half pushing offline batches) sell through the balancer,
//     retrying on their Idempotency-Key; kernel-2 is SIGKILLed mid-run. Counts requests lost
//     (target 0), how many HAProxy and the clients sent again, and the time until the balancer
//     marked the kernel DOWN (drain). Checks 0 oversold / 0 lost / 0 duplicated as scale-out does.
// Takes about 3 minutes (not in run-all). Appends to bench/RESULTS.md; exits non-zero on a failed check.
//
//   npm run --workspace bench production-topology
import { loadavg } from 'node:os';
import { getCACertificates, setDefaultCACertificates } from 'node:tls';
import { alternateCheckoutRounds, type CheckoutPath } from './production-topology/checkout-rounds.ts';
import { killOneKernelUnderLoad } from './production-topology/kernel-failover.ts';
import { balancerCommand, runTopology } from './production-topology/topology-process.ts';
import { record } from './results.ts';
import { figureRows, openLoadShop, openTerminals } from './sales-load/index.ts';

const ROUNDS = Number(process.env.TOPOLOGY_ROUNDS ?? 3);
const ROUND_SECONDS = Number(process.env.TOPOLOGY_ROUND_SECONDS ?? 8);
const FAILOVER_SECONDS = Number(process.env.TOPOLOGY_FAILOVER_SECONDS ?? 30);
const CONCURRENT = 8;

const failures: string[] = [];
const loadAtStart = loadavg()[0]!.toFixed(1);
const run = await runTopology(['--kernels', '3', '--direct-kernels', '1']);
const { topology } = run;
try {
  // The balancer's certificate was made by the run's CA: trusted here beside the system's.
  setDefaultCACertificates([...getCACertificates('default'), run.caCert]);
  const direct = topology.directKernels[0]!;
  const servers = topology.kernels.map((kernel) => kernel.name);
  const onlyKernel1 = async () => {
    for (const name of servers.slice(1)) await balancerCommand(topology.balancerAdminSocket, `set server kernels/${name} state maint`);
  };
  const allKernels = async () => {
    for (const name of servers.slice(1)) await balancerCommand(topology.balancerAdminSocket, `set server kernels/${name} state ready`);
    await new Promise((resolve) => setTimeout(resolve, 1_500)); // until their health checks pass again
  };

  // 1. The ratio: plenty of stock, so every checkout sells.
  const plenty = await openLoadShop(topology.url, topology.operator, { variants: 20, stockOf: () => 1_000_000 });
  const cashiers = (await openTerminals(plenty, [topology.url], CONCURRENT * 2)).filter((terminal) => terminal.mode === 'online');
  const paths: CheckoutPath[] = [
    { name: 'HAProxy (TLS) → kernel-1 → PgBouncer → primary', url: topology.url, before: onlyKernel1 },
    { name: 'direct: HTTP → one kernel → primary', url: direct.url },
    { name: 'HAProxy (TLS) → 3 kernels → PgBouncer → primary', url: topology.url, before: allKernels },
  ];
  const figures = await alternateCheckoutRounds(paths, cashiers, plenty.variants, {
    rounds: ROUNDS,
    roundMs: ROUND_SECONDS * 1000,
    warmUpMs: 3_000,
  });
  const [viaOne, straight, viaThree] = figures as [(typeof figures)[0], (typeof figures)[0], (typeof figures)[0]];
  for (const path of figures) if (path.errors > 0) failures.push(`${path.errors} checkouts failed on ${path.name}`);

  // 2. Failover, on a shop of its own whose scarce variants run out.
  const shop = await openLoadShop(topology.url, topology.operator, { extraPlugins: ['eventlog'] });
  const terminals = await openTerminals(shop, [topology.url], CONCURRENT);
  const failover = await killOneKernelUnderLoad(topology, terminals, shop.variants, {
    seconds: FAILOVER_SECONDS,
    killAtSeconds: Math.round(FAILOVER_SECONDS / 3),
    victim: 1,
    tenantSlug: shop.slug,
  });
  failures.push(...failover.check.failures);
  if (failover.lost > 0) failures.push(`${failover.lost} requests lost`);
  if (failover.drainMs === undefined) failures.push(`the balancer never marked ${failover.killed.name} DOWN`);

  const ms = (value: number) => value.toFixed(1);
  record('Production topology: HAProxy (TLS 1.3) → 3 kernels → PgBouncer (transaction pooling) → PostgreSQL + streaming replica', [
    'deploy/topology run as an operator runs it (`npm run --workspace @kits/deploy topology`): HAProxy 2.6 terminating TLS 1.3 (certificate from a CA made',
    'in the run) round-robin over 3 kernel processes checked on /readyz every second (500 ms once failing); each kernel DATABASE_POOL_SIZE=10 to PgBouncer 1.18',
    '(`pool_mode = transaction`, 20 server connections, DATABASE_PREPARED_STATEMENTS=off) in front of a private PostgreSQL 15 primary,',
    'REPORTING_DATABASE_URL → its streaming replica; Redis with AOF; a RabbitMQ node of its own. One more kernel, outside the balancer,',
    'on the primary directly (prepared statements on). Everything on this one machine, the bench included; the kernels reach',
    'PgBouncer and PostgreSQL over TCP on loopback (the machine line names the transport of the other benches’ database).',
    `Load average of the machine (other work included) at the start / end of the run: ${loadAtStart} / ${loadavg()[0]!.toFixed(1)}.`,
    '',
    `**Checkout through the balancer and PgBouncer against direct** — online cash sales of 1–2 units, ${CONCURRENT} at once,`,
    `${ROUNDS} alternating rounds of ${ROUND_SECONDS} s per path (after a 3 s warm-up each):`,
    '',
    '| path | sales | sales/s | p50 ms | p99 ms | failed |',
    '|---|---:|---:|---:|---:|---:|',
    ...figures.map((f) => `| ${f.name} | ${f.sales} | ${f.perSecond.toFixed(1)} | ${ms(f.p50)} | ${ms(f.p99)} | ${f.errors} |`),
    '',
    `Ratio (balancer + PgBouncer ÷ direct, one kernel each): throughput **${(viaOne.perSecond / straight.perSecond).toFixed(2)}×**, p50 ${(viaOne.p50 / straight.p50).toFixed(2)}×, p99 ${(viaOne.p99 / straight.p99).toFixed(2)}×.`,
    `Over all three kernels: throughput ${(viaThree.perSecond / straight.perSecond).toFixed(2)}× the direct kernel's (two cores serve every process).`,
    '',
    `**Failover** — ${CONCURRENT} terminals through the balancer for ${FAILOVER_SECONDS} s (half online, half pushing offline batches; each retry with its`,
    `Idempotency-Key or the same batch); ${failover.killed.name} SIGKILLed at ${failover.killed.atSeconds.toFixed(1)} s:`,
    '',
    '| figure | value |',
    '|---|---:|',
    `| requests lost (accepted sales missing + sales or events never answered) | ${failover.lost} |`,
    `| drain: SIGKILL → the balancer marks the kernel DOWN (sends it nothing after) | ${failover.drainMs === undefined ? 'never' : `${failover.drainMs.toFixed(0)} ms`} |`,
    `| requests HAProxy sent to another kernel (redispatched / retried) | ${failover.redispatched} / ${failover.retried} |`,
    `| requests the terminals saw fail and sent again | ${failover.clientRetries} |`,
    ...figureRows(failover.stats, failover.check, failover.elapsedSeconds),
    '',
    failures.length === 0 ? 'Every check passed.' : `**Failed:** ${failures.join('; ')}`,
  ]);
} catch (failure) {
  failures.push(`the run failed: ${(failure as Error).stack ?? String(failure)}`);
} finally {
  await run.stop();
}
if (failures.length > 0) {
  process.stderr.write(`Production topology checks failed:\n- ${failures.join('\n- ')}\n`);
  process.exitCode = 1;
}
