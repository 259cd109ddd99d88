import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import Stripe from 'stripe';
import { DomainError, type Payment, type PaymentsServiceV2 } from '@kits/plugin-sdk';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import type { StripePaySettings } from '../src/server/settings.ts';
import { startStripeDouble, type StripeDouble } from './stripe-double/server.ts';

export const STRIPE_PAY = fileURLToPath(new URL('..', import.meta.url));
export const PAYMENTS_CALLER = fileURLToPath(new URL('./fixtures/payments-caller', import.meta.url));
export { DATABASE_KINDS };

export const API_KEY = 'sk_test_kitsdouble4242';
export const WEBHOOK_SECRET = 'whsec_kitsdoubletestsecret';
/** A shop's address, which Stripe needs for the Terminal Location of its first reader. */
export const ADDRESS = { line1: '1 Main Street', city: 'Berlin', postalCode: '10115', country: 'DE' } as const;

export interface StripeKit {
  readonly kit: TestKernel;
  readonly double: StripeDouble;
  /** The kernel's address (it listens: the double's webhooks reach it over a socket). */
  readonly url: string;
  readonly settings: StripePaySettings;
  /** payments@2 as core-sales gets it: each call a request through the kernel, in its own transaction. */
  readonly payments: PaymentsServiceV2;
  close(): Promise<void>;
}

/**
 * A kernel with stripe-pay (settings pointing at a fresh Stripe double) and a fixture plugin that
 * calls payments@2 through `services.use`, as core-sales does. The double's signed webhooks go to
 * the kernel's webhook route for the tenant.
 */
export async function stripeKit(
  db: (typeof DATABASE_KINDS)[number],
  options: { settings?: Partial<StripePaySettings>; apiKey?: string } = {},
): Promise<StripeKit> {
  const double = await startStripeDouble({ apiKey: API_KEY });
  const kit = await createTestKernel({ plugins: [STRIPE_PAY, PAYMENTS_CALLER], db, enable: false });
  const settings: StripePaySettings = {
    apiKey: options.apiKey ?? API_KEY,
    webhookSecret: WEBHOOK_SECRET,
    apiBase: double.url,
    ...options.settings,
  };
  await enableStripePay(kit, kit.tenant.admin.token, settings);
  const url = await connectWebhooks(kit, double);
  return {
    kit,
    url,
    double,
    settings,
    payments: remotePayments(kit),
    async close() {
      await kit.close();
      await double.close();
    },
  };
}

export async function enableStripePay(kit: TestKernel, token: string, settings: StripePaySettings): Promise<void> {
  const stripe = await kit.request('POST', '/api/v1/plugins/stripe-pay/enable', { token, body: { version: '1.0.0', settings } });
  if (stripe.status !== 200) throw new Error(`enable stripe-pay: ${stripe.status} ${JSON.stringify(stripe.body)}`);
  const caller = await kit.request('POST', '/api/v1/plugins/payments-caller/enable', { token, body: { version: '1.0.0' } });
  if (caller.status !== 200) throw new Error(`enable payments-caller: ${caller.status} ${JSON.stringify(caller.body)}`);
}

interface Problem {
  readonly code: string;
  readonly status: number;
  readonly detail: string;
}

/** payments@2 over the fixture's routes: answers as Payments, refusals as the DomainErrors the provider threw. */
export function remotePayments(kit: TestKernel, token?: string): PaymentsServiceV2 {
  const call = async (method: string, url: string, body?: unknown): Promise<Payment> => {
    const response = await kit.request<Payment | Problem>(method, `/api/v1/payments-caller${url}`, {
      ...(body !== undefined ? { body } : {}),
      ...(token ? { token } : {}),
    });
    if (response.status >= 300) {
      const problem = response.body as Problem;
      const { code, status, detail, ...rest } = problem;
      throw new DomainError(code ?? 'unknown', status ?? response.status, detail ?? JSON.stringify(problem), rest);
    }
    return response.body as Payment;
  };
  return {
    methods: () => ['card'],
    authorize: (request) => call('POST', '/authorize', request),
    status: (paymentId) => call('GET', `/payments/${encodeURIComponent(paymentId)}`),
    capture: (request) => call('POST', '/capture', request),
    cancel: (request) => call('POST', '/cancel', request),
    refund: (request) => call('POST', '/refund', request),
  };
}

/** The path Stripe is given for this tenant's webhooks. */
export const webhookPath = (tenantId: string) => `/webhooks/stripe-pay/${tenantId}/stripe`;

/** Points the double's webhooks at the kernel's `POST /webhooks/stripe-pay/<tenant>/stripe`, over a real socket. */
export async function connectWebhooks(kit: TestKernel, double: StripeDouble): Promise<string> {
  const base = await kit.kernel.listen();
  double.setWebhook({ url: `${base}${webhookPath(kit.tenant.id)}`, secret: WEBHOOK_SECRET });
  return base;
}

/** Registers a reader through the plugin's route (the registration code of Stripe's simulated WisePOS E). */
export async function registerReader(
  kit: TestKernel,
  body: { label: string; locationId?: string; deviceId?: string; registrationCode?: string; address?: Record<string, string> },
): Promise<{ id: string; label: string; locationId: string; deviceId: string | null }> {
  const response = await kit.request<{ id: string; label: string; locationId: string; deviceId: string | null }>(
    'POST',
    '/api/v1/stripe-pay/readers',
    {
      body: { registrationCode: 'simulated-wpe', locationId: kit.tenant.locationId, address: ADDRESS, ...body },
    },
  );
  if (response.status !== 201) throw new Error(`register reader: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body;
}

/** The customer's part: a test card presented on the reader, with the SDK's own test helper as Stripe's docs use it. */
export async function presentCard(double: StripeDouble, readerId: string, number = '4242424242424242', account?: string): Promise<void> {
  const stripe = new Stripe(API_KEY, { host: double.host, port: double.port, protocol: 'http', maxNetworkRetries: 0 });
  await stripe.testHelpers.terminal.readers.presentPaymentMethod(
    readerId,
    { card_present: { number } },
    account ? { stripeAccount: account } : {},
  );
}

export const DECLINE_CARDS = {
  generic: '4000000000000002',
  insufficientFunds: '4000000000009995',
  expired: '4000000000000069',
} as const;
