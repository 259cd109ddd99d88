import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { firstPartyPlugin } from '../../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../../testing/shop-shelf.ts';
// @ts-expect-error -- a plain JS fixture without types
import { ledgerOf as untypedLedgerOf } from './fixtures/test-ledger/ledger-state.js';

export { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';

export const ACCOUNTING = fileURLToPath(new URL('..', import.meta.url));
export const TEST_LEDGER = fileURLToPath(new URL('./fixtures/test-ledger', import.meta.url));
/** core-sales' payments@1 test provider: any token but `tok_decline` is approved. */
export const FAKE_PAY = fileURLToPath(new URL('../../core-sales/test/fixtures/fake-pay', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const SALES = firstPartyPlugin('core-sales');

/** Sells, refunds, discounts and shifts at a till. */
export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', 'core-sales:discount'];

/** Two tax rates with names of their own (the ledger keys tax by the rate's name). */
export const SALES_SETTINGS = {
  taxRates: { standard: [{ name: 'VAT 20%', basisPoints: 2000 }], reduced: [{ name: 'VAT 5%', basisPoints: 500 }], zero: [] },
};

export interface ExportItem {
  id: string;
  locationId: string;
  locationName: string;
  day: string;
  sequence: number;
  kind: 'day' | 'adjustment';
  status: 'waiting' | 'posting' | 'posted' | 'failed' | 'paused';
  debitTotal: number;
  currency: string;
  providerJournalId: string | null;
  providerUrl: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  postedAt: string | null;
}

export interface StoredJournal {
  key: string;
  providerId: string;
  journal: {
    date: string;
    currency: string;
    reference: string;
    memo: string;
    lines: Array<{ role: string; key: string; accountId: string; taxRateId: string | null; debit: number; credit: number }>;
  };
}

/** The test ledger's books of a tenant (ledger-state.js), as the fixture provider keeps them. */
export interface TestBooks {
  connection: { status: string; companyName: string | null; currency: string | null; reason: string | null };
  retryAfterSeconds: number;
  postDelayMs: number;
  calls: { post: number; find: number };
  failNextWith(kind: 'rate_limit' | 'timeout_after_store' | 'timeout' | 'validation' | 'revoked'): void;
  journalsStored(): Promise<number>;
  reconnect(): void;
  stored(): StoredJournal[];
}
export const ledgerOf = (tenantId: string): TestBooks => untypedLedgerOf(tenantId) as TestBooks;

/** A kernel with inventory, sales (two VAT rates, fake-pay cards), accounting and the test ledger. */
export const accountingKit = (db: 'pglite' | 'postgres', options: { ledger?: boolean; env?: Record<string, string> } = {}) =>
  createTestKernel({
    plugins: [INVENTORY, SALES, FAKE_PAY, ACCOUNTING, ...(options.ledger === false ? [] : [TEST_LEDGER])],
    db,
    settings: { 'core-sales': SALES_SETTINGS },
    ...(options.env ? { env: options.env } : {}),
  });

/** Waits until every event published so far is delivered; answers accounting's dead letters (none expected). */
export async function settled(kit: TestKernel): Promise<string[]> {
  const pending = () =>
    kit.kernel.db
      .query<{ n: number }>(
        `select ((select count(*) from kernel.outbox where relayed_at is null) + (select count(*) from kernel.event_deliveries))::int as n`,
      )
      .then(([row]) => row!.n);
  const left = await eventually(pending, (n) => n === 0, 30_000);
  if (left !== 0) throw new Error(`${left} events were still undelivered after 30 s`);
  const dead = await kit.kernel.db.query<{ error: string }>("select error from kernel.dead_letters where subscriber like 'accounting:%'");
  return dead.map((d) => d.error);
}

/** Maps every line the tenant needs to the suggested account and tax rate (the mapping page's defaults, saved). */
export async function mapAsSuggested(kit: TestKernel, token?: string): Promise<void> {
  const as = token ? { token } : {};
  const mapping = await kit.request<{
    needed: Array<{ role: string; key: string; suggestedAccountId: string | null }>;
    taxCodes: Array<{ taxCode: string; suggestedTaxRateId: string | null }>;
  }>('GET', '/api/v1/accounting/mapping', as);
  if (mapping.status !== 200) throw new Error(`GET mapping: ${mapping.status} ${JSON.stringify(mapping.body)}`);
  const missing = mapping.body.needed.filter((n) => !n.suggestedAccountId);
  if (missing.length > 0) throw new Error(`no suggestion for ${JSON.stringify(missing)}`);
  const saved = await kit.request('PUT', '/api/v1/accounting/mapping', {
    ...as,
    body: {
      accounts: mapping.body.needed.map((n) => ({ role: n.role, key: n.key, accountId: n.suggestedAccountId })),
      taxCodes: mapping.body.taxCodes.map((t) => ({ taxCode: t.taxCode, taxRateId: t.suggestedTaxRateId })),
    },
  });
  if (saved.status !== 200) throw new Error(`PUT mapping: ${saved.status} ${JSON.stringify(saved.body)}`);
}

export async function exportsOf(kit: TestKernel, query = '', token?: string): Promise<ExportItem[]> {
  const answer = await kit.request<{ exports: ExportItem[] }>('GET', `/api/v1/accounting/exports${query}`, token ? { token } : {});
  if (answer.status !== 200) throw new Error(`GET exports: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.exports;
}

/** Waits (through the job's real ticks) until the exports satisfy `done`; answers them. */
export async function exportsWhen(kit: TestKernel, done: (exports: ExportItem[]) => boolean, what: string, timeoutMs = 30_000) {
  const found = await eventually(() => exportsOf(kit), done, timeoutMs);
  if (!done(found)) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(found)}`);
  return found;
}

/**
 * Time passes for the export job: every export waiting for a later attempt (a backoff, a
 * Retry-After) becomes due now. The job's own clock is the real one; this moves the exports instead.
 */
export async function makeRetriesDue(kit: TestKernel, tenantId = kit.tenant.id): Promise<void> {
  await kit.kernel.db.query(
    "update accounting.exports set next_attempt_at = now() where tenant_id = $1 and status in ('waiting', 'posting') and next_attempt_at > now()",
    [tenantId],
  );
}

/** An ISO instant `days` days before now at 12:00 UTC (a day that has ended in UTC). */
export const daysAgoAtNoon = (days: number): string => {
  const at = new Date(Date.now() - days * 86_400_000);
  at.setUTCHours(12, 0, 0, 0);
  return at.toISOString();
};

export const variant = (kit: TestKernel, price: number, stock = 100, taxClass?: string) =>
  shelveVariant(kit, { price, stock, ...(taxClass ? { taxClass } : {}) }).then((v) => v.variantId);

let receipts = 0;
// One event log per till: a device's sequence numbers go on across pushes.
const logs = new Map<string, ReturnType<typeof tillEventLog>>();
const eventLogOf = (deviceId: string) => logs.get(deviceId) ?? logs.set(deviceId, tillEventLog(deviceId)).get(deviceId)!;

export interface OfflineSale {
  readonly lines: ReadonlyArray<{ variantId: string; quantity: number }>;
  readonly tenders: ReadonlyArray<{ method: string; amount: number; token?: string }>;
}

/**
 * A till's day pushed through sync as it happened offline at `at` (the till's clock): a shift opened
 * a minute before, the sales, and (unless `keepOpen`) the shift closed with `counted` cash a minute after.
 */
export async function offlineDay(
  kit: TestKernel,
  till: TestTill,
  at: string,
  sales: readonly OfflineSale[],
  options: { counted?: number; keepOpen?: boolean; shiftId?: string } = {},
): Promise<{ shiftId: string; saleIds: string[] }> {
  const event = eventLogOf(till.deviceId);
  const shiftId = options.shiftId ?? uuidv7();
  const minute = (n: number) => new Date(Date.parse(at) + n * 60_000).toISOString();
  const saleIds = sales.map(() => uuidv7());
  const events = [
    ...(options.shiftId ? [] : [event('sales.shift.opened', { shiftId, openingFloat: 0 }, minute(-1))]),
    ...sales.map((sale, i) =>
      event(
        'sales.sale.completed',
        {
          sale: { id: saleIds[i], shiftId, lines: sale.lines, tenders: sale.tenders },
          receiptNumber: (receipts += 1),
          cashierId: till.cashierId,
        },
        minute(i),
      ),
    ),
    ...(options.keepOpen
      ? []
      : [event('sales.shift.closed', { shiftId, counted: [{ denomination: 1, count: options.counted ?? 0 }] }, minute(sales.length + 1))]),
  ];
  const pushed = await kit.request<{ answers: Array<{ status: string; reason?: string }> }>('POST', '/api/v1/sync/push', {
    token: till.token,
    body: { events },
  });
  if (pushed.status !== 200 || pushed.body.answers.some((a) => a.status !== 'accepted'))
    throw new Error(`sync push: ${pushed.status} ${JSON.stringify(pushed.body)}`);
  return { shiftId, saleIds };
}
