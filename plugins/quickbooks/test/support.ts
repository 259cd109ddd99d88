import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { AccountingService, ProviderJournal } from '@kits/plugin-sdk';
import { ACCOUNTING_CALLER_PLUGIN, DATABASE_KINDS, remoteAccounting } from '@kits/plugin-sdk/test-kit';
import type { QuickBooksSettings } from '../src/server/settings.ts';
import { startQuickBooksDouble, type QuickBooksDouble, type QuickBooksDoubleOptions } from './quickbooks-double/index.ts';

/**
 * The quickbooks plugin's test set-up: a kernel with quickbooks (settings pointing at a fresh
 * QuickBooks double) and a fixture plugin that calls accounting@1 through `services.use`, as the
 * accounting plugin does; helpers to connect the company through the OAuth routes.
 */
export const QUICKBOOKS = fileURLToPath(new URL('..', import.meta.url));
/** The SDK test kit's fixture that calls accounting@1 as the accounting plugin does. */
export const ACCOUNTING_CALLER = ACCOUNTING_CALLER_PLUGIN;
export { DATABASE_KINDS };

export const CLIENT_ID = 'ABkitsTestClientId0123456789';
export const CLIENT_SECRET = 'kitsTestClientSecret0123456789';
/** Where the office page is, as the redirect URI the connect starts with. */
export const REDIRECT_URI = 'http://127.0.0.1:9/office/quickbooks';

export interface QuickBooksKit {
  readonly kit: TestKernel;
  readonly qbo: QuickBooksDouble;
  readonly settings: QuickBooksSettings;
  /** accounting@1 as the accounting plugin gets it: each call a request through the kernel, in its own transaction. */
  readonly accounting: AccountingService;
  close(): Promise<void>;
}

export async function quickBooksKit(
  db: (typeof DATABASE_KINDS)[number],
  options: { settings?: Partial<QuickBooksSettings>; double?: Partial<QuickBooksDoubleOptions> } = {},
): Promise<QuickBooksKit> {
  const qbo = await startQuickBooksDouble({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, slowAnswerMs: 2500, ...options.double });
  const settings: QuickBooksSettings = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    apiBase: qbo.apiBase,
    tokenUrl: qbo.tokenUrl,
    authorizeUrl: qbo.authorizeUrl,
    requestTimeoutSeconds: 1,
    ...options.settings,
  };
  const kit = await createTestKernel({
    plugins: [QUICKBOOKS, ACCOUNTING_CALLER],
    db,
    settings: { quickbooks: settings as Record<string, unknown> },
  });
  return {
    kit,
    qbo,
    settings,
    accounting: remoteAccounting(kit, { id: 'quickbooks', name: 'QuickBooks Online' }),
    async close() {
      await kit.close();
      await qbo.close();
    },
  };
}

/** Starts connecting through the route and follows the double's authorize URL: the redirect's code, state and realmId. */
export async function authorize(s: QuickBooksKit, token?: string): Promise<{ code: string; state: string; realmId: string }> {
  const started = await s.kit.request<{ authorizeUrl: string }>('POST', '/api/v1/quickbooks/connection/oauth/start', {
    body: { redirectUri: REDIRECT_URI },
    ...(token ? { token } : {}),
  });
  if (started.status !== 200) throw new Error(`oauth start: ${started.status} ${JSON.stringify(started.body)}`);
  const answer = await fetch(started.body.authorizeUrl, { redirect: 'manual' });
  const location = answer.headers.get('location');
  if (answer.status !== 302 || !location) throw new Error(`authorize: ${answer.status} ${await answer.text()}`);
  const back = new URL(location);
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')!, realmId: back.searchParams.get('realmId')! };
}

/** Connects the double's company through the OAuth routes, as the office page does. */
export async function connect(s: QuickBooksKit): Promise<void> {
  const redirect = await authorize(s);
  const done = await s.kit.request('POST', '/api/v1/quickbooks/connection/oauth/complete', { body: redirect });
  if (done.status !== 200) throw new Error(`oauth complete: ${done.status} ${JSON.stringify(done.body)}`);
}

/** GET /connection. */
export async function connection(s: QuickBooksKit) {
  const answer = await s.kit.request<{ status: string; companyName: string | null; currency: string | null; reason: string | null }>(
    'GET',
    '/api/v1/quickbooks/connection',
  );
  if (answer.status !== 200) throw new Error(`connection: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A balanced journal of the double's company: a day's cash sale at 20% VAT. */
export function cashSaleJournal(reference: string, overrides: Partial<ProviderJournal> = {}): ProviderJournal {
  return {
    date: '2026-12-06',
    currency: 'EUR',
    reference,
    memo: 'KiTS day journal',
    lines: [
      { role: 'tender', key: 'cash', accountId: '4', taxRateId: null, debit: 1200, credit: 0, description: 'Cash taken' },
      { role: 'sales', key: 'VAT 20%', accountId: '1', taxRateId: '2', debit: 0, credit: 1000, description: 'Net sales VAT 20%' },
      { role: 'tax', key: 'VAT 20%', accountId: '9', taxRateId: null, debit: 0, credit: 200, description: 'VAT 20% collected' },
    ],
    ...overrides,
  };
}
