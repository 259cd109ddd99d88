// Issue 26's webhooks bench. A kernel (its own process, PostgreSQL) with core-inventory, core-sales
// and webhooks; online tills check out cash sales at a steady BENCH_WEBHOOK_RATE sales per second
// (default 10: 1,000 deliveries a second to 100 endpoints) for BENCH_WEBHOOK_SECONDS per phase (default 30). Receivers are HTTP servers on the
// loopback interface in this process; each records, per delivery of sales.sale.completed, the time
// from the event (its `timestamp`, set when the sale was committed) to its arrival.
//   Phase 1: 10 endpoints → event-to-receiver p99 (target < 1 s).
//   Phase 2: 100 endpoints, all answering → their p99 (the same deliveries a second, without the slow ones).
//   Phase 3: 100 endpoints of which 20 never answer (each delivery runs into the time limit) → the
//            80 healthy ones' p99 against phase 2's (target: moves ≤ 20 %: one slow endpoint never
//            holds the others back). Each phase has its own endpoints; the last phase's are disabled.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { TEST_OPERATOR } from '@kits/kernel/test-kit';
import { record } from '../results.ts';
import { openLoadShop, openTerminals, percentile, type LoadShop, type Terminal } from '../sales-load/index.ts';
import { send } from '../sales-load/send.ts';
import { spawnServer } from '../spawn-server.ts';

const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 10);
const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 30);
const TILLS = Number(process.env.BENCH_WEBHOOK_TILLS ?? 8);
const DRAIN_MS = 20_000;

interface Receivers {
  readonly urls: string[];
  /** Event to arrival, ms, of each first arrival of an event at a healthy receiver. */
  readonly latencies: number[];
  arrivals: number;
  close(): Promise<void>;
}

/** `healthy` receivers that answer 204 at once and `silent` ones that never answer. */
async function startReceivers(healthy: number, silent: number): Promise<Receivers> {
  const servers: Server[] = [];
  const receivers: Receivers = {
    urls: [],
    latencies: [],
    arrivals: 0,
    close: () =>
      Promise.all(servers.map((s) => new Promise<void>((resolve) => (s.closeAllConnections(), s.close(() => resolve()))))).then(
        () => undefined,
      ),
  };
  for (let i = 0; i < healthy + silent; i++) {
    const answers = i < healthy;
    const seen = new Set<string>();
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        if (!answers) return; // never answers: the delivery runs into the plugin's time limit
        const arrived = Date.now();
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string; timestamp: string };
        if (!seen.has(body.id)) {
          seen.add(body.id);
          receivers.latencies.push(arrived - Date.parse(body.timestamp));
          receivers.arrivals += 1;
        }
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    receivers.urls.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`);
  }
  return receivers;
}

async function addEndpoints(url: string, shop: LoadShop, urls: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const target of urls) {
    const made = await send<{ id: string }>(url, 'POST', '/api/v1/webhooks/endpoints', shop.adminToken, {
      url: target,
      eventTypes: ['sales.sale.completed'],
    });
    if (made.status !== 201) throw new Error(`adding an endpoint answered ${made.status}: ${JSON.stringify(made.body)}`);
    ids.push(made.body.id);
  }
  return ids;
}

/** Cash sales from the online tills at RATE per second for SECONDS; answers how many completed. */
async function sell(url: string, shop: LoadShop, tills: readonly Terminal[]): Promise<number> {
  let completed = 0;
  let next = 0;
  const until = Date.now() + SECONDS * 1000;
  const inFlight = new Set<Promise<void>>();
  for (let n = 0; Date.now() < until; n++) {
    const due = n * (1000 / RATE);
    const wait = due - (Date.now() - (until - SECONDS * 1000));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const till = tills[next++ % tills.length]!;
    const variantId = shop.variants[10 + Math.floor(Math.random() * (shop.variants.length - 10))]!;
    const sale = send(
      url,
      'POST',
      '/api/v1/core-sales/sales',
      till.token,
      {
        id: uuidv7(),
        lines: [{ variantId, quantity: 1 }],
        tenders: [{ method: 'cash', amount: 100_000 }],
      },
      { 'idempotency-key': randomUUID() },
    ).then((answer) => {
      if (answer.status < 300) completed += 1;
    });
    const tracked = sale.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  }
  await Promise.all(inFlight);
  return completed;
}

async function drained(receivers: Receivers, expected: number): Promise<void> {
  const until = Date.now() + DRAIN_MS;
  while (receivers.arrivals < expected && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
}

export async function benchWebhooks(): Promise<{ baselineP99: number; healthyP99: number; passed: boolean }> {
  const server = await spawnServer<{ url: string }>('../webhooks/webhooks-kernel.ts');
  const { url } = server.ready;
  try {
    const shop = await openLoadShop(url, TEST_OPERATOR, { extraPlugins: ['webhooks'], stockOf: () => 1_000_000 });
    const tills = (await openTerminals(shop, [url], TILLS * 2)).filter((t) => t.mode === 'online');

    /** Endpoints for `healthy` answering and `silent` never-answering receivers, sales for one phase, then those endpoints disabled. */
    const phase = async (healthy: number, silent: number) => {
      const receivers = await startReceivers(healthy, silent);
      const ids = await addEndpoints(url, shop, receivers.urls);
      const sales = await sell(url, shop, tills);
      await drained(receivers, sales * healthy);
      for (const id of ids) await send(url, 'PATCH', `/api/v1/webhooks/endpoints/${id}`, shop.adminToken, { enabled: false });
      await receivers.close();
      const p = (n: number) => Math.round(percentile(receivers.latencies, n));
      return {
        sales,
        healthy,
        delivered: receivers.arrivals === sales * healthy,
        row: (name: string, target: string) =>
          `| ${name} | ${sales} | ${receivers.arrivals} of ${sales * healthy} | ${p(50)} ms | ${p(99)} ms | ${Math.round(Math.max(...receivers.latencies))} ms | ${target} |`,
        p99: percentile(receivers.latencies, 99),
      };
    };
    const ten = await phase(10, 0);
    const hundred = await phase(100, 0);
    const withSlow = await phase(80, 20);

    const baselineP99 = hundred.p99;
    const healthyP99 = withSlow.p99;
    const move = (healthyP99 - baselineP99) / baselineP99;
    const delivered = ten.delivered && hundred.delivered && withSlow.delivered;
    const passed = ten.p99 < 1000 && move <= 0.2 && delivered;
    record('Webhooks: event to receiver under checkout load', [
      `${RATE} cash sales/s from ${tills.length} online tills through POST /api/v1/core-sales/sales, ${SECONDS} s per phase; each sale publishes sales.sale.completed, delivered to every endpoint by the webhooks plugin's sender (its own process's kernel, PostgreSQL); receivers on the loopback interface.`,
      ``,
      `| phase | sales | deliveries to healthy receivers | event → receiver p50 | p99 | max | target |`,
      `|---|---:|---:|---:|---:|---:|---|`,
      ten.row('10 endpoints', `p99 < 1 s: ${ten.p99 < 1000 ? 'met' : 'missed'}`),
      hundred.row('100 endpoints, all answering', 'the baseline of the next row'),
      withSlow.row(
        `100 endpoints, 20 never answer (time limit ${process.env.BENCH_WEBHOOK_TIMEOUT_MS ?? 2000} ms)`,
        `the 80 healthy ones' p99 moves ≤ 20 %: ${move >= 0 ? '+' : ''}${(move * 100).toFixed(0)} %, ${move <= 0.2 ? 'met' : 'missed'}`,
      ),
      ``,
      delivered
        ? 'Every sale reached every healthy receiver.'
        : "NOT every sale reached every healthy receiver within 20 s of the phase's end.",
    ]);
    return { baselineP99, healthyP99, passed };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchWebhooks();
  if (!result.passed) process.exitCode = 1;
}
