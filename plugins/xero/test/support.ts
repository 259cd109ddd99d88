import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { AccountingService, ProviderJournal } from '@kits/plugin-sdk';
import { ACCOUNTING_CALLER_PLUGIN, DATABASE_KINDS, remoteAccounting } from '@kits/plugin-sdk/test-kit';
import type { XeroSettings } from '../src/server/settings.ts';
import { startXeroDouble, type XeroDouble } from './xero-double/index.ts';

/**
 * The xero plugin's test set-up: a kernel with xero (settings pointing at a fresh Xero double) and
 * a fixture plugin that uses accounting@1 as the accounting plugin does, helpers that connect the
 * organisation through the OAuth routes, and accounting@1 as a caller sees it.
 */

export const XERO = fileURLToPath(new URL('..', import.meta.url));
/** The SDK test kit's fixture that calls accounting@1 as the accounting plugin does. */
export const ACCOUNTING_CALLER = ACCOUNTING_CALLER_PLUGIN;
export { DATABASE_KINDS };

export const CLIENT_ID = 'KITSTESTCLIENT0123456789';
export const CLIENT_SECRET = 'kits-test-client-secret-0123456789abcdef';
export const REDIRECT_URI = 'http://kits.test/office/xero/connect';

export interface XeroKit {
  readonly kit: TestKernel;
  readonly xero: XeroDouble;
  readonly settings: XeroSettings;
  /** accounting@1 as the accounting plugin gets it: each call a request through the kernel, in its own transaction. */
  readonly accounting: AccountingService;
  close(): Promise<void>;
}

export async function xeroKit(
  db: (typeof DATABASE_KINDS)[number],
  options: { settings?: Partial<XeroSettings>; caller?: boolean } = {},
): Promise<XeroKit> {
  const xero = await startXeroDouble({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
  const settings: XeroSettings = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...xero.settings, ...options.settings };
  const kit = await createTestKernel({
    plugins: options.caller === false ? [XERO] : [XERO, ACCOUNTING_CALLER],
    db,
    settings: { xero: settings as Record<string, unknown> },
  });
  return {
    kit,
    xero,
    settings,
    accounting: remoteAccounting(kit, { id: 'xero', name: 'Xero' }),
    async close() {
      await kit.close();
      await xero.close();
    },
  };
}

/** Starts connecting through the plugin's route and follows Xero's authorize redirect (the merchant approves): the code and state it carried. */
export async function approveOnXero(s: XeroKit, token?: string): Promise<{ code: string; state: string }> {
  const started = await s.kit.request<{ authorizeUrl: string }>('POST', '/api/v1/xero/connection/oauth/start', {
    body: { redirectUri: REDIRECT_URI },
    ...(token ? { token } : {}),
  });
  if (started.status !== 200) throw new Error(`oauth start: ${started.status} ${JSON.stringify(started.body)}`);
  const consent = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const location = consent.headers.get('location');
  if (consent.status !== 302 || !location) throw new Error(`Xero's authorize answered ${consent.status}: ${await consent.text()}`);
  const back = new URL(location);
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}

/** Connects the organisation by OAuth, end to end. */
export async function connectXero(s: XeroKit): Promise<void> {
  const { code, state } = await approveOnXero(s);
  const done = await s.kit.request('POST', '/api/v1/xero/connection/oauth/complete', { body: { code, state } });
  if (done.status !== 200) throw new Error(`oauth complete: ${done.status} ${JSON.stringify(done.body)}`);
}

/** The double's account id of a code (`200` Sales). */
export const accountOf = (s: XeroKit, code: string): string => {
  const account = s.xero.accounts.find((a) => a.Code === code);
  if (!account) throw new Error(`no account ${code} in the double`);
  return account.AccountID;
};

let days = 0;
/**
 * A day of a shop as the accounting plugin maps it: VAT 20% sales with a discount and a refund,
 * tax, cash (with a little over at the Z report and rounding) and card tenders, cost of goods
 * against stock, and a receipt against the accrual. Balanced. Each call is another day.
 */
export function shopDay(s: XeroKit, options: { reference?: string; unbalancedBy?: number } = {}): ProviderJournal {
  const day = `2026-11-${String(1 + (days++ % 28)).padStart(2, '0')}`;
  const a = (code: string) => accountOf(s, code);
  const line = (
    role: ProviderJournal['lines'][number]['role'],
    key: string,
    code: string,
    signed: number,
    taxRateId: string | null = null,
  ) => ({
    role,
    key,
    accountId: a(code),
    taxRateId,
    debit: signed > 0 ? signed : 0,
    credit: signed < 0 ? -signed : 0,
    description: `${role} ${key}`.trim(),
  });
  // sales −10000, discounts +500, refunds +1000, tax −1700: 10200 owed; cash 4207 (5 over at the Z report, 2 of rounding), card 6000.
  const lines = [
    line('sales', 'VAT 20%', '200', -10_000, 'OUTPUT2'),
    line('discounts', 'VAT 20%', '270', 500, 'OUTPUT2'),
    line('refunds', 'VAT 20%', '275', 1_000, 'OUTPUT2'),
    line('tax', 'VAT 20%', '820', -1_700),
    line('tender', 'cash', '091', 4_207 + (options.unbalancedBy ?? 0)),
    line('tender', 'card:stripe-pay', '092', 6_000),
    line('cash_over_short', '', '861', -5),
    line('rounding', '', '860', -2),
    line('cogs', '', '310', 4_000),
    line('inventory', '', '630', -4_000 + 2_500),
    line('ap_accrual', '', '815', -2_500),
  ].filter((l) => l.debit > 0 || l.credit > 0);
  return {
    date: day,
    currency: 'EUR',
    reference: options.reference ?? `KiTS Front Street ${day}`,
    memo: `KiTS POS: Front Street, ${day}`,
    lines,
  };
}
