// The accounting bench's kernel: core-inventory, core-sales, quickbooks and accounting on a fresh
// PostgreSQL database; BENCH_ACCOUNTING_LOCATIONS stores (default 50) in a spread of time zones, a
// till registered at each; QuickBooks connected through the double the bench runs
// (BENCH_QBO_API_BASE, BENCH_QBO_TOKEN_URL, BENCH_QBO_AUTHORIZE_URL, BENCH_QBO_CLIENT_ID/SECRET) by
// the OAuth routes, as the office page does. Then yesterday's trade (BENCH_ACCOUNTING_SALES sales
// per store, default 10,000; a few stock movements; a Z report per store) is written in bulk into
// kernel.outbox, as core-sales and core-inventory would have published it, and the kernel's bus
// delivers it to accounting's batch subscriber: the ingest is timed until the outbox is relayed
// and kernel.event_deliveries is empty. The account mapping is left unsaved (the bench saves it:
// that starts the export). Prints its URL, pid, the admin's token, the database and the ingest.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';
import { tradingDay, type BenchLocation } from '../accounting/sales-day.ts';

const need = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`accounting-kernel needs ${name}`);
  return value;
};
const LOCATIONS = Number(process.env.BENCH_ACCOUNTING_LOCATIONS ?? 50);
const SALES = Number(process.env.BENCH_ACCOUNTING_SALES ?? 10_000);
/** Sales per store in one insert statement (× the stores: the events of one statement). */
const SLICE = Number(process.env.BENCH_ACCOUNTING_SLICE ?? 20);
const ZONES = [
  'Europe/London',
  'Europe/Dublin',
  'Europe/Lisbon',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Madrid',
  'Europe/Rome',
  'Europe/Vienna',
  'Europe/Athens',
  'Europe/Helsinki',
];
const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const log = (line: string) => process.stderr.write(`[accounting-kernel] ${line}\n`);

const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales'), plugin('quickbooks'), plugin('accounting')],
  db: 'postgres',
  env: { LOG_LEVEL: 'warn', ACCESS_TOKEN_TTL_SECONDS: '86400' },
  settings: {
    quickbooks: {
      clientId: need('BENCH_QBO_CLIENT_ID'),
      clientSecret: need('BENCH_QBO_CLIENT_SECRET'),
      apiBase: need('BENCH_QBO_API_BASE'),
      tokenUrl: need('BENCH_QBO_TOKEN_URL'),
      authorizeUrl: need('BENCH_QBO_AUTHORIZE_URL'),
    },
  },
});

const ok = async <Body>(answer: Promise<{ status: number; body: Body }>, what: string): Promise<Body> => {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what}: ${status} ${JSON.stringify(body)}`);
  return body;
};

// The stores: the test tenant's own, given a zone, and the rest created as the office does.
const locations: BenchLocation[] = [];
for (let i = 0; i < LOCATIONS; i++) {
  const timezone = ZONES[i % ZONES.length]!;
  const name = `Store ${String(i + 1).padStart(2, '0')} ${timezone.split('/')[1]}`;
  const id =
    i === 0
      ? (await ok(
          kit.request('PATCH', `/api/v1/tenants/current/locations/${kit.tenant.locationId}`, { body: { name, timezone } }),
          'zone the store',
        ),
        kit.tenant.locationId)
      : (
          await ok(
            kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name, kind: 'store', timezone } }),
            'add a store',
          )
        ).id;
  const device = await ok(
    kit.request<{ id: string }>('POST', '/api/v1/tenants/current/devices', { body: { name: `Till ${i + 1}`, locationId: id } }),
    'register a till',
  );
  locations.push({ id, name, timezone, deviceId: device.id });
}

// QuickBooks connected as the office page does it: start, the merchant approves at Intuit (the double), complete.
const started = await ok(
  kit.request<{ authorizeUrl: string }>('POST', '/api/v1/quickbooks/connection/oauth/start', {
    body: { redirectUri: 'http://127.0.0.1:9/office/quickbooks' },
  }),
  'start connecting QuickBooks',
);
const approved = await fetch(started.authorizeUrl, { redirect: 'manual' });
const back = new URL(approved.headers.get('location') ?? 'http://invalid/');
await ok(
  kit.request('POST', '/api/v1/quickbooks/connection/oauth/complete', {
    body: { code: back.searchParams.get('code'), state: back.searchParams.get('state'), realmId: back.searchParams.get('realmId') },
  }),
  'complete connecting QuickBooks',
);

// Yesterday's trade into the outbox, a statement per slice, while the bus relays and delivers.
const db = kit.kernel.db;
const day = tradingDay(locations, SALES);
const counts: Record<string, number> = {};
const cpuBefore = process.cpuUsage();
const startedAt = performance.now();
let written = 0;
for (const events of day.slices(SLICE)) {
  for (const e of events) counts[e.type] = (counts[e.type] ?? 0) + 1;
  await db.query(
    `insert into kernel.outbox (tenant_id, event_id, type, version, source, payload, occurred_at)
     select $1, e.id, e.type, 1, e.source, e.payload, e.at
       from unnest($2::uuid[], $3::text[], $4::text[], $5::jsonb[], $6::timestamptz[]) as e(id, type, source, payload, at)`,
    [
      kit.tenant.id,
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => e.source),
      events.map((e) => e.payload),
      events.map((e) => e.occurredAt),
    ],
  );
  written += events.length;
  if (written % 50_000 < events.length) log(`${written} events written`);
}
const writtenAt = performance.now();
log(`${written} events written in ${((writtenAt - startedAt) / 1000).toFixed(1)} s; waiting for the bus to deliver them`);

// Delivered: nothing left to relay, no delivery left to run.
let lastLog = performance.now();
for (;;) {
  const [state] = await db.query<{ pending: boolean; deliveries: boolean }>(
    `select exists (select 1 from kernel.outbox where relayed_at is null) as pending,
            exists (select 1 from kernel.event_deliveries) as deliveries`,
  );
  if (!state!.pending && !state!.deliveries) break;
  if (performance.now() - lastLog > 15_000) {
    const [left] = await db.query<{ n: number }>('select count(*)::int as n from kernel.event_deliveries');
    log(`${left!.n} deliveries still to run`);
    lastLog = performance.now();
  }
  await new Promise((resolve) => setTimeout(resolve, 100));
}
const deliveredAt = performance.now();
const cpu = process.cpuUsage(cpuBefore);
const [dead] = await db.query<{ n: number; first: string | null }>(
  'select count(*)::int as n, min(error) as first from kernel.dead_letters',
);
const [processed] = await db.query<{ n: number }>(
  "select count(*)::int as n from kernel.processed_events where subscriber like 'accounting%'",
);
const [database] = await db.query<{ name: string }>('select current_database() as name');
const [ledger] = await db.query<{ days: number; postings: number; exports: number }>(
  `select (select count(*)::int from accounting.days) as days, (select count(*)::int from accounting.day_postings) as postings,
          (select count(*)::int from accounting.exports) as exports`,
);
log(`delivered in ${((deliveredAt - startedAt) / 1000).toFixed(1)} s; ${dead!.n} dead letters`);

const url = await kit.kernel.listen();
process.stdout.write(
  `${JSON.stringify({
    url,
    pid: process.pid,
    tenantId: kit.tenant.id,
    admin: kit.tenant.admin.token,
    database: database!.name,
    locations,
    expected: day.expected(),
    ingest: {
      events: written,
      byType: counts,
      writeSeconds: (writtenAt - startedAt) / 1000,
      deliveredSeconds: (deliveredAt - startedAt) / 1000,
      kernelCpuSeconds: (cpu.user + cpu.system) / 1e6,
      deadLetters: dead!.n,
      firstDeadLetter: dead!.first,
      processed: processed!.n,
      ledger,
    },
  })}\n`,
);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
