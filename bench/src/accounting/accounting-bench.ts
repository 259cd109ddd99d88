// Issue 24's Bench: building and posting the journals of 50 locations' day (10,000 sales each)
// against the QuickBooks double — the time, and the database reads it needed. The kernel (core-
// inventory, core-sales, quickbooks, accounting) runs in its own process on PostgreSQL
// (servers/accounting-kernel.ts: it writes yesterday's events into its outbox and times the bus
// delivering them to accounting); the QuickBooks double runs here. The export starts when the bench
// saves the account mapping from GET /mapping's suggestions (the days are closed by then: no shift
// is open), and ends when the double holds every day's journal. Its reads are PostgreSQL's own
// counters (pg_stat_database, pg_stat_user_tables of schema accounting) across that phase only, and
// across an idle window of the same length after it, for what the kernel does anyway.
// BENCH_ACCOUNTING_SALES (default 10000) and BENCH_ACCOUNTING_LOCATIONS (default 50) make quick runs;
// only a run at the issue's scale is recorded in RESULTS.md. The correctness checks (one journal a
// day at the double, balanced, equal to the generated figures) fail the bench when wrong.
import pg from 'pg';
import { BENCH_POSTGRES_URL } from '../postgres-url.ts';
import { record } from '../results.ts';
import { spawnServer } from '../spawn-server.ts';
import type { BenchLocation, ExpectedDay } from './sales-day.ts';

const SALES = Number(process.env.BENCH_ACCOUNTING_SALES ?? 10_000);
const LOCATIONS = Number(process.env.BENCH_ACCOUNTING_LOCATIONS ?? 50);
const FULL = SALES === 10_000 && LOCATIONS === 50;
const CLIENT_ID = 'ABkitsBenchClientId0123456789';
const CLIENT_SECRET = 'kitsBenchClientSecret0123456789';
/** PostgreSQL's backends flush their statistics at most once a second (and idle ones later): wait before reading. */
const STATS_SETTLE_MS = Number(process.env.BENCH_ACCOUNTING_STATS_SETTLE_MS ?? 1500);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** The part of plugins/quickbooks' double the bench uses (its test code, loaded by URL at run time). */
interface QuickBooksDouble {
  readonly apiBase: string;
  readonly tokenUrl: string;
  readonly authorizeUrl: string;
  readonly company: {
    readonly journalEntries: ReadonlyArray<{
      Id: string;
      DocNumber?: string;
      TxnDate: string;
      PrivateNote?: string;
      Line: unknown[];
    }>;
  };
  readonly requests: ReadonlyArray<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}
const QUICKBOOKS_DOUBLE = new URL('../../../plugins/quickbooks/test/quickbooks-double/index.ts', import.meta.url).href;

interface Ready {
  readonly url: string;
  readonly pid: number;
  readonly tenantId: string;
  readonly admin: string;
  readonly database: string;
  readonly locations: BenchLocation[];
  readonly expected: ExpectedDay[];
  readonly ingest: {
    events: number;
    byType: Record<string, number>;
    writeSeconds: number;
    deliveredSeconds: number;
    kernelCpuSeconds: number;
    deadLetters: number;
    firstDeadLetter: string | null;
    processed: number;
    ledger: { days: number; postings: number; exports: number };
  };
}

async function call<T>(ready: Ready, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${ready.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${ready.admin}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

interface MappingView {
  needed: Array<{ role: string; key: string; label: string; accountId: string | null; suggestedAccountId: string | null }>;
  taxCodes: Array<{ taxCode: string; taxRateId: string | null; suggestedTaxRateId: string | null }>;
  accounts: Array<{ id: string; name: string }>;
}

/** pg_stat_database of the kernel's database and pg_stat_user_tables of schema accounting, at one moment. */
interface Counters {
  readonly database: Record<string, number>;
  readonly tables: Map<string, Record<string, number>>;
}
const DATABASE_COUNTERS = [
  'xact_commit',
  'xact_rollback',
  'tup_returned',
  'tup_fetched',
  'tup_inserted',
  'tup_updated',
  'tup_deleted',
  'blks_hit',
  'blks_read',
];
const TABLE_COUNTERS = ['seq_scan', 'seq_tup_read', 'idx_scan', 'idx_tup_fetch', 'n_tup_ins', 'n_tup_upd', 'n_tup_del'];

async function counters(client: pg.Client): Promise<Counters> {
  await client.query('select pg_stat_clear_snapshot()');
  const {
    rows: [database],
  } = await client.query<Record<string, string>>(
    `select ${DATABASE_COUNTERS.join(', ')} from pg_stat_database where datname = current_database()`,
  );
  const { rows } = await client.query<Record<string, string>>(
    `select relname, ${TABLE_COUNTERS.map((c) => `coalesce(${c}, 0) as ${c}`).join(', ')} from pg_stat_user_tables where schemaname = 'accounting'`,
  );
  const numbers = (row: Record<string, string>, names: string[]) => Object.fromEntries(names.map((n) => [n, Number(row[n])]));
  return {
    database: numbers(database!, DATABASE_COUNTERS),
    tables: new Map(rows.map((row) => [row.relname!, numbers(row, TABLE_COUNTERS)])),
  };
}

function delta(after: Counters, before: Counters): Counters {
  const minus = (a: Record<string, number>, b: Record<string, number> | undefined) =>
    Object.fromEntries(Object.entries(a).map(([k, v]) => [k, v - (b?.[k] ?? 0)]));
  return {
    database: minus(after.database, before.database),
    tables: new Map([...after.tables].map(([name, row]) => [name, minus(row, before.tables.get(name))])),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const tail = (id: string) => id.replace(/-/g, '').slice(-8).toLowerCase();
const fmt = (n: number) => n.toLocaleString('en-US');
const money = (minor: number) => (minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A journal entry's debits and credits, in minor units (the double stores decimals as QuickBooks does). */
function sides(entry: QuickBooksDouble['company']['journalEntries'][number]) {
  let debit = 0;
  let credit = 0;
  const byAccount = new Map<string, { debit: number; credit: number }>();
  for (const raw of entry.Line) {
    const line = raw as { Amount: number; JournalEntryLineDetail: { PostingType: string; AccountRef: { value: string } } };
    const minor = Math.round(line.Amount * 100);
    const account = byAccount.get(line.JournalEntryLineDetail.AccountRef.value) ?? { debit: 0, credit: 0 };
    if (line.JournalEntryLineDetail.PostingType === 'Debit') {
      debit += minor;
      account.debit += minor;
    } else {
      credit += minor;
      account.credit += minor;
    }
    byAccount.set(line.JournalEntryLineDetail.AccountRef.value, account);
  }
  return { debit, credit, byAccount };
}

export async function benchAccounting(): Promise<{ passed: boolean }> {
  const { startQuickBooksDouble } = (await import(QUICKBOOKS_DOUBLE)) as {
    startQuickBooksDouble(o: { clientId: string; clientSecret: string }): Promise<QuickBooksDouble>;
  };
  const qbo = await startQuickBooksDouble({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  log(`Accounting bench: ${LOCATIONS} locations × ${SALES} sales; setting up the kernel and writing yesterday's events …`);
  const setupStarted = performance.now();
  const server = await spawnServer<Ready>('accounting-kernel.ts', {
    BENCH_QBO_API_BASE: qbo.apiBase,
    BENCH_QBO_TOKEN_URL: qbo.tokenUrl,
    BENCH_QBO_AUTHORIZE_URL: qbo.authorizeUrl,
    BENCH_QBO_CLIENT_ID: CLIENT_ID,
    BENCH_QBO_CLIENT_SECRET: CLIENT_SECRET,
    BENCH_ACCOUNTING_SALES: String(SALES),
    BENCH_ACCOUNTING_LOCATIONS: String(LOCATIONS),
  });
  const { ready } = server;
  const stats = new pg.Client({ connectionString: BENCH_POSTGRES_URL.replace(/\/postgres(\?|$)/, `/${ready.database}$1`) });
  await stats.connect();
  try {
    const { ingest } = ready;
    log(
      `Ingest: ${fmt(ingest.events)} events written in ${ingest.writeSeconds.toFixed(1)} s, all delivered after ${ingest.deliveredSeconds.toFixed(1)} s (${fmt(Math.round(ingest.events / ingest.deliveredSeconds))} events/s); ${ingest.deadLetters} dead letters`,
    );
    const failures: string[] = [];
    if (ingest.deadLetters > 0) failures.push(`${ingest.deadLetters} events dead-lettered (first: ${ingest.firstDeadLetter})`);
    if (ingest.processed !== ingest.events) failures.push(`accounting applied ${ingest.processed} of ${ingest.events} events`);

    // The days are closed and waiting for the mapping: the accounts it needs, saved from the suggestions.
    const before = await call<{ mappingComplete: boolean; counts: Record<string, number> }>(ready, 'GET', '/api/v1/accounting/status');
    const mapping = await call<MappingView>(ready, 'GET', '/api/v1/accounting/mapping');
    const unsuggested = mapping.needed.filter((n) => !(n.accountId ?? n.suggestedAccountId));
    if (unsuggested.length > 0)
      throw new Error(`no account suggested for ${unsuggested.map((n) => `${n.role}:${n.key}`).join(', ')}: the bench cannot map them`);
    const body = {
      accounts: mapping.needed.map((n) => ({ role: n.role, key: n.key, accountId: (n.accountId ?? n.suggestedAccountId)! })),
      taxCodes: mapping.taxCodes.map((t) => ({ taxCode: t.taxCode, taxRateId: t.taxRateId ?? t.suggestedTaxRateId })),
    };
    const accountOf = (role: string, key: string) => body.accounts.find((a) => a.role === role && a.key === key)?.accountId;
    log(
      `Before the mapping: ${JSON.stringify(before.counts)}; mapping ${body.accounts.length} accounts and ${body.taxCodes.length} tax codes`,
    );

    // The export phase: counters, save the mapping, wait for every journal at the double, counters.
    await sleep(STATS_SETTLE_MS);
    const atStart = await counters(stats);
    const windowStarted = performance.now();
    const started = performance.now();
    await call(ready, 'PUT', '/api/v1/accounting/mapping', body);
    const mappedMs = performance.now() - started;
    const postedAt: number[] = [];
    const deadline = Date.now() + 5 * 60_000;
    while (qbo.company.journalEntries.length < LOCATIONS) {
      while (postedAt.length < qbo.company.journalEntries.length) postedAt.push(performance.now() - started);
      if (Date.now() > deadline)
        throw new Error(`only ${qbo.company.journalEntries.length} of ${LOCATIONS} journals posted within 5 minutes`);
      await sleep(10);
    }
    while (postedAt.length < qbo.company.journalEntries.length) postedAt.push(performance.now() - started);
    const exportMs = performance.now() - started;
    await sleep(STATS_SETTLE_MS);
    const exportWindowMs = performance.now() - windowStarted;
    const exportReads = delta(await counters(stats), atStart);
    // The same length of time with nothing to export: what the kernel reads anyway (bus polls, jobs).
    const idleStart = await counters(stats);
    await sleep(exportWindowMs);
    const idleReads = delta(await counters(stats), idleStart);
    log(`Export: ${LOCATIONS} journals at the double ${(exportMs / 1000).toFixed(2)} s after the mapping was saved`);

    // What the kernel says, and what the double holds: exactly one journal per day, balanced, equal to the generated day.
    const exports = await call<{
      exports: Array<{ locationId: string; day: string; sequence: number; status: string; debitTotal: number; attempts: number }>;
    }>(ready, 'GET', '/api/v1/accounting/exports?limit=200');
    const entries = qbo.company.journalEntries;
    if (entries.length !== LOCATIONS) failures.push(`the double holds ${entries.length} journal entries, not ${LOCATIONS}`);
    const posted = exports.exports.filter((e) => e.status === 'posted');
    if (posted.length !== LOCATIONS || exports.exports.length !== LOCATIONS)
      failures.push(`${posted.length} of ${exports.exports.length} exports posted (want ${LOCATIONS} of ${LOCATIONS})`);
    const cashAccount = accountOf('tender', 'cash');
    const cardAccount = accountOf('tender', 'card:stripe-pay');
    for (const expected of ready.expected) {
      const mine = entries.filter((e) => e.PrivateNote?.includes(`-${tail(expected.locationId)}-${expected.day.replace(/-/g, '')}-0`));
      const name = ready.locations.find((l) => l.id === expected.locationId)?.name ?? expected.locationId;
      if (mine.length !== 1) {
        failures.push(`${name} ${expected.day}: ${mine.length} journal entries at the double, not 1`);
        continue;
      }
      const entry = mine[0]!;
      const { debit, credit, byAccount } = sides(entry);
      if (entry.TxnDate !== expected.day) failures.push(`${name}: journal dated ${entry.TxnDate}, not ${expected.day}`);
      if (debit !== credit) failures.push(`${name}: debits ${money(debit)} ≠ credits ${money(credit)}`);
      if (debit !== expected.debitTotal)
        failures.push(
          `${name}: debits ${money(debit)}, but the generated day comes to ${money(expected.debitTotal)} (difference ${money(debit - expected.debitTotal)})`,
        );
      // Separate accounts for cash and card (the double's chart has both): the money taken, by method.
      if (cashAccount && cardAccount && cashAccount !== cardAccount) {
        const cash = byAccount.get(cashAccount)?.debit ?? 0;
        const card = byAccount.get(cardAccount)?.debit ?? 0;
        if (cash !== expected.cash + expected.overShort)
          failures.push(`${name}: cash ${money(cash)}, generated ${money(expected.cash)} with the drawer's ${money(expected.overShort)}`);
        if (card !== expected.card) failures.push(`${name}: card clearing ${money(card)}, generated ${money(expected.card)}`);
      }
      const exported = posted.find((e) => e.locationId === expected.locationId && e.day === expected.day);
      if (!exported || exported.sequence !== 0 || exported.debitTotal !== expected.debitTotal)
        failures.push(`${name}: the export says ${JSON.stringify(exported)}, want sequence 0 with debits ${expected.debitTotal}`);
    }
    // Nothing more comes: the idle window above ran two export ticks or more.
    if (qbo.company.journalEntries.length !== LOCATIONS)
      failures.push(`the double holds ${qbo.company.journalEntries.length} journal entries after the idle window, not ${LOCATIONS}`);
    const journalPosts = qbo.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/journalentry'));
    const otherCalls = qbo.requests.filter((r) => r.path.startsWith('/v3/') && !r.path.endsWith('/journalentry'));
    const passed = failures.length === 0;
    if (!passed) log(`Accounting bench checks FAILED:\n- ${failures.join('\n- ')}`);

    const sales = ready.expected.reduce((n, e) => n + e.sales, 0);
    const movements = ready.expected.reduce((n, e) => n + e.stockMovements, 0);
    const debits = ready.expected.reduce((n, e) => n + e.debitTotal, 0);
    const setupSeconds = (performance.now() - setupStarted) / 1000 - (exportWindowMs * 2) / 1000;
    const db = (c: Counters, name: string) => c.database[name] ?? 0;
    const dbRow = (label: string, name: string) =>
      `| ${label} | ${fmt(db(exportReads, name))} | ${fmt(db(idleReads, name))} | ${fmt(db(exportReads, name) - db(idleReads, name))} |`;
    const tableRows = [...exportReads.tables]
      .filter(([, row]) => Object.values(row).some((v) => v !== 0))
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(
        ([name, row]) =>
          `| accounting.${name} | ${fmt(row.seq_scan!)} | ${fmt(row.seq_tup_read!)} | ${fmt(row.idx_scan!)} | ${fmt(row.idx_tup_fetch!)} | ${fmt(row.n_tup_ins!)} / ${fmt(row.n_tup_upd!)} |`,
      );
    const idleTableReads = [...idleReads.tables.values()].reduce((n, row) => n + row.seq_tup_read! + row.idx_tup_fetch!, 0);
    const zones = [...new Set(ready.locations.map((l) => l.timezone))];
    const lines = [
      `${LOCATIONS} stores in ${zones.length} time zones (${zones.join(', ')}), one till each; the kernel (core-inventory, core-sales, quickbooks, accounting) in its own process on PostgreSQL, the QuickBooks double of plugins/quickbooks/test in the bench's process, connected through the OAuth routes. Setup, ingest and checks took ${setupSeconds.toFixed(0)} s in all.`,
      '',
      `**Ingest.** Yesterday in each store's zone: ${fmt(sales)} \`sales.sale.completed\` (${fmt(SALES)} a store: 1–5 lines, VAT 20% and 5% with prices including tax, promotion/line/cart discounts on some lines, cash, card (\`provider: 'stripe-pay'\`) or both, no cash rounding), ${fmt(movements)} \`inventory.stock.moved\` sale movements at their cost, and a Z report (\`sales.shift.closed\` from each store's till, drawer over or short at most stores) — ${fmt(ingest.events)} events written into kernel.outbox in statements of ${fmt(Math.min(SALES, 20) * LOCATIONS)}, in time order across the stores, while the kernel's bus relayed them and delivered them to accounting's batch subscriber. No shift was left open, so every day closed as its events came in.`,
      '',
      '| what | figure |',
      '| --- | --- |',
      `| Written into the outbox | ${ingest.writeSeconds.toFixed(1)} s |`,
      `| Every event delivered (outbox relayed, kernel.event_deliveries empty) | **${ingest.deliveredSeconds.toFixed(1)} s — ${fmt(Math.round(ingest.events / ingest.deliveredSeconds))} events/s** |`,
      `| Kernel process CPU meanwhile (writing included) | ${ingest.kernelCpuSeconds.toFixed(1)} s |`,
      `| Applied by accounting / dead letters | ${fmt(ingest.processed)} / ${ingest.deadLetters} |`,
      `| Day ledger after it | ${fmt(ingest.ledger.postings)} day_postings rows, ${ingest.ledger.days} days, ${ingest.ledger.exports} exports waiting for the mapping |`,
      '',
      `**Export.** Timed from \`PUT /api/v1/accounting/mapping\` (${body.accounts.length} accounts and ${body.taxCodes.length} tax codes, saved from GET /mapping's suggestions; ${mappedMs.toFixed(0)} ms) — which lets the waiting day journals go — until the double holds all ${LOCATIONS}. The export job runs every 2 s and posts at most 20 journals a run.`,
      '',
      '| what | figure |',
      '| --- | --- |',
      `| All ${LOCATIONS} day journals posted at the double | **${(exportMs / 1000).toFixed(2)} s — ${(exportMs / LOCATIONS).toFixed(0)} ms a journal** (first at ${((postedAt[0] ?? 0) / 1000).toFixed(2)} s, median at ${((postedAt[Math.floor(postedAt.length / 2)] ?? 0) / 1000).toFixed(2)} s) |`,
      `| QuickBooks calls | ${journalPosts.length} JournalEntry posts, ${otherCalls.length} other API calls in the whole run (company, accounts, tax codes/rates); ${qbo.requests.filter((r) => r.status === 429).length} answered 429 |`,
      `| Checks | ${passed ? `met: ${LOCATIONS} journal entries at the double, one per store and day (sequence 0), each balanced and its debits equal to the generated day (tenders with the drawer's difference, discounts without tax, cost of goods sold: ${money(debits)} EUR over all), cash and card clearing equal to the generated tenders` : `**FAILED**: ${failures.join('; ')}`} |`,
      '',
      `**Database reads** (pg_stat_database of the kernel's database; pg_stat_user_tables of schema accounting), as deltas over the export phase — from just before the PUT to ${(STATS_SETTLE_MS / 1000).toFixed(1)} s after the last journal, ${(exportWindowMs / 1000).toFixed(1)} s in all (statistics are flushed lazily) — and over an idle window of the same length right after it, with nothing to export (the bus polling every 250 ms, the jobs ticking). pg_stat_statements is not available, so statements are not counted: transactions and rows are. The bench's own statistics queries (4 a window) are in the figures.`,
      '',
      '| database | export phase | idle window | export less idle |',
      '| --- | ---: | ---: | ---: |',
      dbRow('transactions committed', 'xact_commit'),
      dbRow('transactions rolled back', 'xact_rollback'),
      dbRow('rows returned (tup_returned: scanned)', 'tup_returned'),
      dbRow('rows fetched (tup_fetched: by index)', 'tup_fetched'),
      dbRow('rows inserted', 'tup_inserted'),
      dbRow('rows updated', 'tup_updated'),
      dbRow('buffer hits', 'blks_hit'),
      dbRow('blocks read from disk or OS cache', 'blks_read'),
      '',
      '| export phase, accounting tables | seq scans | rows read by seq scans | index scans | rows fetched by index | rows inserted / updated |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
      ...(tableRows.length > 0 ? tableRows : ['| (none touched) | | | | | |']),
      '',
      `In the idle window the accounting tables gave ${fmt(idleTableReads)} rows.`,
    ];
    const title = `Accounting: ${LOCATIONS} locations' day (${fmt(SALES)} sales each) ingested, built and posted to the QuickBooks double (PostgreSQL)`;
    if (FULL) record(title, lines);
    else process.stdout.write(`\n## ${title} (not recorded: not the issue's scale)\n\n${lines.join('\n')}\n`);
    return { passed };
  } finally {
    await stats.end();
    await server.stop();
    await qbo.close();
  }
}
