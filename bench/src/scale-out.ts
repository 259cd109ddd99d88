// Scale-out proof (issue 8): 3 kernel processes against one PostgreSQL (a scratch database),
// Redis and RabbitMQ; 32 simulated terminals — half selling online through POST
// /api/v1/core-sales/sales, half offline, pushing batches of sales through /api/v1/sync/push —
// for SCALE_SECONDS (default 60), spread over the kernels, with network retries simulated
// (the same Idempotency-Key, the same batch again). Stock is short on purpose, so terminals race
// for the last units. Then it checks: no unit oversold, no sale twice, every accepted sale there
// exactly once, stock equal to its ledger, every event delivered to the event log plugin once.
// Records throughput, latency and error counts in bench/RESULTS.md; exits non-zero on a failed check.
//
//   npm run --workspace bench scale-out
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { connect } from 'amqplib';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { createScratchPostgres, httpClient } from '@kits/plugin-sdk/test-kit';
import { record } from './results.ts';
import { spawnServer, type ServerProcess } from './spawn-server.ts';

const SECONDS = Number(process.env.SCALE_SECONDS ?? 60);
const KERNELS = 3;
const TERMINALS = 32;
// Ten scarce variants (5 units each) that terminals race for, and plenty of the rest.
const VARIANTS = 100;
const SCARCE = 10;
const stockOf = (i: number) => (i < SCARCE ? 5 : 200);
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const AMQP_URL = process.env.TEST_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const OPERATOR = { email: 'operator@scale.kits', password: 'scale-operator-pass' };

type Answer = { id: string; status: string; code?: string; original?: { status: string; code?: string } };
interface Terminal {
  readonly index: number;
  readonly mode: 'online' | 'offline';
  readonly url: string;
  readonly deviceId: string;
  readonly cashierId: string;
  readonly token: string;
}
interface Stats {
  readonly latencies: { online: number[]; push: number[] };
  accepted: Set<string>;
  denied: number;
  replays: number;
  errors: Map<string, number>;
  syncEvents: number;
}

const percentile = (values: number[], p: number) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
};

async function call<Body>(
  url: string,
  method: string,
  path: string,
  token: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : undefined) as Body };
}

function expectOk<Body>(answer: { status: number; body: Body }, what: string): Body {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

const suffix = randomBytes(4).toString('hex');
const scratch = await createScratchPostgres();
const env = {
  DATABASE_URL: scratch.url,
  REDIS_URL,
  AMQP_URL,
  JWT_SECRET: randomBytes(32).toString('base64url'),
  OPERATOR_EMAIL: OPERATOR.email,
  OPERATOR_PASSWORD: OPERATOR.password,
  PLUGIN_DIRS: '',
  PORT: '0',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  SCALE_EXCHANGE: `kits.events.scale.${suffix}`,
  SCALE_PREFIX: `kits-scale-${suffix}:`,
};
const kernels: Array<ServerProcess<{ url: string; pid: number }>> = [];
const failures: string[] = [];
try {
  kernels.push(await spawnServer('scale-out-kernel.ts', env));
  const first = kernels[0]!.ready.url;
  const http = httpClient(first);

  // A tenant with the plugins (offline oversell denied, so every sale is guarded), a catalogue
  // whose stock runs out during the run, and 32 tills with a signed-in cashier each.
  const operator = expectOk(
    await http<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', { body: OPERATOR }),
    'operator login',
  );
  const admin = { email: 'admin@scale.test', password: 'scale-admin-pass', displayName: 'Admin' };
  expectOk(
    await http('POST', '/api/v1/tenants', {
      token: operator.accessToken,
      body: { slug: `scale-${suffix}`, name: 'Scale', currency: 'EUR', admin },
    }),
    'tenant',
  );
  const token = expectOk(
    await http<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      body: { tenant: `scale-${suffix}`, email: admin.email, password: admin.password },
    }),
    'admin login',
  ).accessToken;
  const location = expectOk(
    await http<{ id: string }>('POST', '/api/v1/tenants/current/locations', { token, body: { name: 'Store', kind: 'store' } }),
    'location',
  );
  for (const plugin of ['core-inventory', 'core-sales', 'eventlog'])
    expectOk(await http('POST', `/api/v1/plugins/${plugin}/enable`, { token, body: { version: '1.0.0' } }), `enable ${plugin}`);
  expectOk(await http('PUT', '/api/v1/plugins/core-sales/settings', { token, body: { offlineOversell: 'deny' } }), 'sales settings');
  const variants: string[] = [];
  for (let i = 0; i < VARIANTS; i++) {
    const product = expectOk(
      await http<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
        token,
        body: { name: `Item ${i}`, unit: 'piece', variants: [{ sku: `SC-${i}`, prices: [{ currency: 'EUR', amount: 100 + i }] }] },
      }),
      'product',
    );
    variants.push(product.variants[0]!.id);
  }
  expectOk(
    await http('POST', '/api/v1/core-inventory/stock/receive', {
      token,
      body: { locationId: location.id, lines: variants.map((variantId, i) => ({ variantId, quantity: stockOf(i) })) },
    }),
    'receive',
  );
  const role = expectOk(
    await http<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      token,
      body: { name: 'Cashier', permissions: ['core-sales:checkout', 'core-sales:shift'] },
    }),
    'role',
  );

  // The other two kernels join now: they learn the tenant's plugins from the database.
  kernels.push(
    ...(await Promise.all([
      spawnServer<{ url: string; pid: number }>('scale-out-kernel.ts', env),
      spawnServer<{ url: string; pid: number }>('scale-out-kernel.ts', env),
    ])),
  );

  const terminals: Terminal[] = [];
  for (let index = 0; index < TERMINALS; index++) {
    const device = expectOk(
      await http<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
        token,
        body: { name: `Till ${index}`, locationId: location.id },
      }),
      'device',
    );
    const email = `cashier${index}@scale.test`;
    const user = expectOk(
      await http<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        token,
        body: { email, displayName: `Cashier ${index}`, pin: '2468' },
      }),
      'cashier',
    );
    expectOk(
      await http('POST', `/api/v1/tenants/current/users/${user.id}/grants`, { token, body: { roleId: role.id, locationId: location.id } }),
      'grant',
    );
    const url = kernels[index % KERNELS]!.ready.url;
    const session = expectOk(
      await call<{ accessToken: string }>(url, 'POST', '/api/v1/auth/pin-login', undefined, {
        tenant: `scale-${suffix}`,
        deviceId: device.id,
        email,
        pin: '2468',
      }),
      'PIN sign-in',
    );
    const mode = index % 2 === 0 ? 'online' : 'offline';
    // An online till opens its shift first (a sale needs one); an offline one opens it in its log.
    if (mode === 'online')
      expectOk(await call(url, 'POST', '/api/v1/core-sales/shifts', session.accessToken, { openingFloat: 0 }), 'shift');
    terminals.push({
      index,
      mode,
      url,
      deviceId: device.id,
      cashierId: user.id,
      token: session.accessToken,
    });
  }

  const stats: Stats = {
    latencies: { online: [], push: [] },
    accepted: new Set(),
    denied: 0,
    replays: 0,
    errors: new Map(),
    syncEvents: 0,
  };
  const error = (what: string) => stats.errors.set(what, (stats.errors.get(what) ?? 0) + 1);
  const basket = () => {
    const lines = new Map<string, number>();
    for (let n = 1 + Math.floor(Math.random() * 3); n > 0; n--) {
      const variantId = variants[Math.floor(Math.random() * variants.length)]!;
      lines.set(variantId, (lines.get(variantId) ?? 0) + 1 + Math.floor(Math.random() * 2));
    }
    return [...lines].map(([variantId, quantity]) => ({ variantId, quantity }));
  };
  const deadline = Date.now() + SECONDS * 1000;

  const online = async (terminal: Terminal) => {
    while (Date.now() < deadline) {
      const body = { id: uuidv7(), lines: basket(), tenders: [{ method: 'cash', amount: 1_000_000 }] };
      const key = randomUUID();
      // One in ten is sent twice with its key, as a till does when an answer was lost; one that got
      // no answer at all is sent again with its key until it gets one.
      let attempts = Math.random() < 0.1 ? 2 : 1;
      for (let attempt = 0; attempt < attempts; attempt++) {
        const started = performance.now();
        try {
          const answer = await call<{ id?: string; code?: string }>(
            terminal.url,
            'POST',
            '/api/v1/core-sales/sales',
            terminal.token,
            body,
            {
              'idempotency-key': key,
            },
          );
          stats.latencies.online.push(performance.now() - started);
          if (answer.status < 300) {
            if (attempt > 0) stats.replays += 1;
            stats.accepted.add(answer.body.id!);
          } else if (answer.status === 409 && answer.body.code === 'inventory.insufficient_stock') stats.denied += 1;
          else if (answer.status === 503 || (answer.status === 409 && answer.body.code === 'idempotency.in_progress')) {
            // Rolled back (a deadlock, a time limit) or still running: the till sends it again with its key.
            error(`online ${answer.status} ${answer.body.code}, sent again`);
            if (attempts < 8) attempts += 1;
            await new Promise((resolve) => setTimeout(resolve, 250));
          } else error(`online ${answer.status} ${answer.body.code}`);
        } catch (failure) {
          error(`online no answer (${(failure as Error).name}), sent again`);
          if (attempts < 5) attempts += 1;
        }
      }
    }
  };

  const offline = async (terminal: Terminal) => {
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
    const push = async (events: typeof queue) => {
      const started = performance.now();
      const answer = await call<{ answers: Answer[]; code?: string }>(terminal.url, 'POST', '/api/v1/sync/push', terminal.token, {
        events,
      });
      stats.latencies.push.push(performance.now() - started);
      if (answer.status !== 200) throw new Error(`push ${answer.status} ${answer.body.code}`);
      return answer.body.answers;
    };
    // Sells until the deadline, then keeps pushing (for at most two minutes) until every event has an answer.
    for (const drainUntil = deadline + 120_000; Date.now() < deadline || (queue.length > 0 && Date.now() < drainUntil);) {
      for (let n = Date.now() < deadline ? 1 + Math.floor(Math.random() * 10) : 0; n > 0; n--)
        queue.push(
          event('sales.sale.completed', {
            sale: { id: uuidv7(), shiftId, lines: basket(), tenders: [{ method: 'cash', amount: 1_000_000 }] },
            receiptNumber: ++receipt,
            cashierId: terminal.cashierId,
          }),
        );
      const batch = queue;
      try {
        const answers = await push(batch);
        const retryFrom = answers.findIndex((a) => a.status === 'retry');
        for (const [i, answer] of answers.entries()) {
          if (retryFrom >= 0 && i >= retryFrom) break;
          const sale = (batch[i]!.payload as { sale?: { id: string } }).sale;
          const final = answer.status === 'duplicate' ? answer.original! : answer;
          if (final.status === 'accepted' && sale) stats.accepted.add(sale.id);
          else if (final.status === 'denied' && final.code === 'inventory.insufficient_stock') stats.denied += 1;
          else if (final.status !== 'accepted') error(`sync ${answer.status} ${final.status} ${final.code}`);
        }
        stats.syncEvents += retryFrom >= 0 ? retryFrom : answers.length;
        queue = retryFrom >= 0 ? batch.slice(retryFrom) : [];
        // One batch in ten is sent again whole, as after a lost answer: every event must be a duplicate.
        if (retryFrom < 0 && Math.random() < 0.1) {
          const again = await push(batch);
          stats.replays += 1;
          if (again.some((a) => a.status !== 'duplicate')) error('sync replay not answered duplicate');
        }
      } catch (failure) {
        error(`sync push without an answer (${(failure as Error).message}), sent again`);
      }
    }
    if (queue.length > 0) error(`sync: ${queue.length} events never answered`);
  };

  const started = performance.now();
  await Promise.all(terminals.map((terminal) => (terminal.mode === 'online' ? online(terminal) : offline(terminal))));
  const elapsedSeconds = (performance.now() - started) / 1000;

  // Wait for the event log plugin to have been handed every event (RabbitMQ, three consumers).
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  const undelivered = async () =>
    Number(
      (
        await db.query(
          `select count(*) as n from kernel.outbox o
            where (o.type like 'sales.%' or o.type like 'inventory.%')
              and not exists (select 1 from eventlog.deliveries d where d.tenant_id = o.tenant_id and d.event_id = o.event_id)`,
        )
      ).rows[0].n,
    );
  for (const until = Date.now() + 120_000; (await undelivered()) > 0 && Date.now() < until;) await new Promise((r) => setTimeout(r, 500));
  await new Promise((r) => setTimeout(r, 2000)); // a late second delivery would show now

  const one = async (sql: string) => (await db.query(sql)).rows as Array<Record<string, unknown>>;
  const [oversold] = await one(
    'select count(*)::int as levels, coalesce(sum(-on_hand), 0)::int as units from inventory.stock_levels where on_hand < 0',
  );
  const ledger = await one(
    `select l.variant_id, l.on_hand::int as on_hand,
            (select coalesce(sum(m.quantity), 0)::int from inventory.stock_movements m where m.variant_id = l.variant_id and m.location_id = l.location_id) as ledger,
            (select coalesce(sum(m.quantity), 0)::int from inventory.stock_movements m
              where m.variant_id = l.variant_id and m.location_id = l.location_id and m.kind = 'receive') as received,
            (select coalesce(sum(sl.quantity), 0)::int from sales.sale_lines sl join sales.sales s on s.tenant_id = sl.tenant_id and s.sale_id = sl.sale_id
              where s.status = 'completed' and sl.variant_id = l.variant_id) as sold
       from inventory.stock_levels l`,
  );
  const completed = await one("select sale_id::text as id from sales.sales where status = 'completed'");
  const [receipts] = await one(
    "select count(*)::int as sales, count(distinct (device_id, receipt_number))::int as receipts from sales.sales where status = 'completed'",
  );
  const [events] = await one(
    `select (select count(*)::int from kernel.outbox where type like 'sales.%' or type like 'inventory.%') as published,
            (select count(*)::int from eventlog.deliveries) as deliveries,
            (select count(*)::int from (select event_id from eventlog.deliveries group by tenant_id, event_id having count(*) > 1) twice) as twice,
            (select count(*)::int from eventlog.deliveries d where not exists (select 1 from kernel.outbox o where o.event_id = d.event_id)) as unknown`,
  );
  await db.end();

  const inDb = new Set(completed.map((row) => String(row.id)));
  const missing = [...stats.accepted].filter((id) => !inDb.has(id));
  const unaccounted = [...inDb].filter((id) => !stats.accepted.has(id));
  if (oversold!.levels !== 0) failures.push(`${oversold!.units} units oversold on ${oversold!.levels} stock levels`);
  const offLedger = ledger.filter((row) => row.on_hand !== row.ledger || row.on_hand !== Number(row.received) - Number(row.sold));
  if (offLedger.length > 0)
    failures.push(
      `stock differs from its ledger or from received − sold for ${offLedger.length} variants: ${JSON.stringify(offLedger.slice(0, 3))}`,
    );
  if (missing.length > 0) failures.push(`${missing.length} accepted sales are missing`);
  if (unaccounted.length > 0) failures.push(`${unaccounted.length} completed sales no terminal was told were accepted`);
  if (receipts!.sales !== receipts!.receipts)
    failures.push(`${Number(receipts!.sales) - Number(receipts!.receipts)} receipt numbers used twice`);
  if (events!.twice !== 0 || events!.unknown !== 0 || events!.deliveries !== events!.published)
    failures.push(`events: ${JSON.stringify(events)} (each published event must be delivered once)`);
  if (stats.accepted.size === 0 || stats.denied === 0) failures.push('the run proved nothing: no sale accepted, or stock never ran short');
  const errorCount = [...stats.errors.values()].reduce((a, b) => a + b, 0);

  const sold = ledger.reduce((sum, row) => sum + Number(row.sold), 0);
  record(`Scale-out: ${KERNELS} kernels, ${TERMINALS} terminals, ${SECONDS} s (PostgreSQL, Redis, RabbitMQ)`, [
    `${KERNELS} kernel processes on one scratch PostgreSQL database, Redis and RabbitMQ (an exchange of their own); ${TERMINALS} terminals spread over them:`,
    `${TERMINALS / 2} sell online (\`POST /api/v1/core-sales/sales\`, one in ten sent twice with its Idempotency-Key), ${TERMINALS / 2} push offline batches of 1–10 sales`,
    `(\`/api/v1/sync/push\`, one batch in ten sent again whole). ${VARIANTS} variants, ${SCARCE} of them scarce (5 units) and raced for, 1–3 lines of 1–2 units a sale; offline oversell denied.`,
    ``,
    `| figure | value |`,
    `|---|---:|`,
    `| run: selling for ${SECONDS} s, then pushing until every offline event had its answer | ${elapsedSeconds.toFixed(1)} s |`,
    `| sales accepted (online + offline) | ${stats.accepted.size} (${(stats.accepted.size / elapsedSeconds).toFixed(1)}/s over the whole run) |`,
    `| units sold / received | ${sold} / ${ledger.reduce((sum, row) => sum + Number(row.received), 0)} |`,
    `| sales denied for want of stock | ${stats.denied} |`,
    `| offline sale events pushed | ${stats.syncEvents} |`,
    `| online checkout p50 / p99 | ${percentile(stats.latencies.online, 50).toFixed(1)} / ${percentile(stats.latencies.online, 99).toFixed(1)} ms (${stats.latencies.online.length} requests) |`,
    `| sync push p50 / p99 | ${percentile(stats.latencies.push, 50).toFixed(1)} / ${percentile(stats.latencies.push, 99).toFixed(1)} ms (${stats.latencies.push.length} pushes) |`,
    `| replays (same key / same batch) answered as the first time | ${stats.replays} |`,
    `| errors | ${errorCount}${errorCount > 0 ? ` (${[...stats.errors].map(([what, n]) => `${what} ×${n}`).join(', ')})` : ''} |`,
    `| units oversold | ${oversold!.units} |`,
    `| accepted sales missing / completed sales not accepted / receipt numbers twice | ${missing.length} / ${unaccounted.length} / ${Number(receipts!.sales) - Number(receipts!.receipts)} |`,
    `| variants whose stock ≠ ledger or ≠ received − sold | ${offLedger.length} |`,
    `| events published / delivered to the event log / delivered twice | ${events!.published} / ${events!.deliveries} / ${events!.twice} |`,
    ``,
    failures.length === 0 ? 'Every check passed.' : `**Failed:** ${failures.join('; ')}`,
  ]);
  // Answers that came late or asked for a retry are load, and were retried; a 500 is a bug.
  const internal = [...stats.errors].filter(([what]) => / 500 /.test(what));
  if (internal.length > 0) failures.push(`500 answers: ${internal.map(([what, n]) => `${what} ×${n}`).join(', ')}`);
} catch (failure) {
  failures.push(`the run failed: ${(failure as Error).stack ?? String(failure)}`);
} finally {
  await Promise.all(kernels.map((kernel) => kernel.stop()));
  await scratch.drop();
  const connection = await connect(AMQP_URL).catch(() => undefined);
  if (connection) {
    const channel = await connection.createChannel();
    channel.on('error', () => undefined);
    // Subscriber queues are named `<exchange>.sub.<plugin>:<pattern>`.
    for (const subscriber of ['eventlog:sales.#', 'eventlog:inventory.#']) {
      for (const name of [`${env.SCALE_EXCHANGE}.sub.${subscriber}`, `${env.SCALE_EXCHANGE}.sub.${subscriber}.retry`])
        await channel.deleteQueue(name).catch(() => undefined);
    }
    await channel.deleteQueue(`${env.SCALE_EXCHANGE}.dead`).catch(() => undefined);
    await channel.deleteExchange(env.SCALE_EXCHANGE).catch(() => undefined);
    await connection.close().catch(() => undefined);
  }
}
if (failures.length > 0) {
  process.stderr.write(`Scale-out checks failed:\n- ${failures.join('\n- ')}\n`);
  process.exitCode = 1;
}
