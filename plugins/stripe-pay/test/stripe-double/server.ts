import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import qs from 'qs';
import Stripe from 'stripe';

/**
 * A Stripe API double for stripe-pay's tests: a real HTTP server speaking the subset of the v1 API
 * the plugin uses, written from Stripe's public API reference — form-encoded bodies (`qs` bracket
 * nesting), the `{ error: { type, code, decline_code, message, param } }` envelope with Stripe's
 * status codes, `Idempotency-Key` (same key + same body → the stored answer; another body → 400
 * `idempotency_error`), unknown parameters refused (400 `parameter_unknown`), the Bearer key checked
 * (401), `Stripe-Account` recorded and honoured (each account sees only its own objects), the
 * decline test cards, and signed webhooks (`stripe.webhooks.generateTestHeaderString`).
 */

// Objects as the double answers them: the client's own types, narrowed to the fields it fills.
export type DoublePaymentIntent = Pick<
  Stripe.PaymentIntent,
  | 'id'
  | 'object'
  | 'amount'
  | 'amount_capturable'
  | 'amount_received'
  | 'currency'
  | 'capture_method'
  | 'allowed_payment_method_types'
  | 'payment_method_types'
  | 'metadata'
  | 'status'
  | 'created'
  | 'livemode'
  | 'canceled_at'
  | 'cancellation_reason'
  | 'last_payment_error'
> & { latest_charge: string | DoubleCharge | null; payment_method: string | null };
export type DoubleCharge = Pick<
  Stripe.Charge,
  | 'id'
  | 'object'
  | 'amount'
  | 'amount_captured'
  | 'amount_refunded'
  | 'captured'
  | 'currency'
  | 'paid'
  | 'refunded'
  | 'status'
  | 'created'
  | 'livemode'
> & {
  payment_intent: string;
  payment_method_details: {
    type: 'card_present' | 'card';
    card_present?: Pick<Stripe.Charge.PaymentMethodDetails.CardPresent, 'brand' | 'last4' | 'exp_month' | 'exp_year' | 'funding'> & {
      receipt: Pick<NonNullable<Stripe.Charge.PaymentMethodDetails.CardPresent['receipt']>, 'authorization_code'>;
    };
    card?: Pick<Stripe.Charge.PaymentMethodDetails.Card, 'brand' | 'last4' | 'exp_month' | 'exp_year' | 'funding'>;
  };
};
export type DoubleRefund = Pick<Stripe.Refund, 'id' | 'object' | 'amount' | 'currency' | 'metadata' | 'reason' | 'status' | 'created'> & {
  payment_intent: string;
  charge: string;
};
export type DoubleReaderAction = Pick<Stripe.Terminal.Reader.Action, 'type' | 'status' | 'failure_code' | 'failure_message'> & {
  process_payment_intent: { payment_intent: string };
};
export type DoubleReader = Pick<
  Stripe.Terminal.Reader,
  | 'id'
  | 'object'
  | 'device_type'
  | 'label'
  | 'livemode'
  | 'metadata'
  | 'serial_number'
  | 'status'
  | 'ip_address'
  | 'device_sw_version'
  | 'last_seen_at'
> & { location: string | null; action: DoubleReaderAction | null };
export type DoubleLocation = Pick<Stripe.Terminal.Location, 'id' | 'object' | 'display_name' | 'livemode' | 'metadata'> & {
  address: Stripe.Address;
};
export type DoubleEvent = Pick<Stripe.Event, 'id' | 'object' | 'api_version' | 'created' | 'livemode' | 'pending_webhooks' | 'type'> & {
  account?: string;
  data: { object: DoublePaymentIntent | DoubleReader | DoubleRefund | DoubleCharge };
  request: { id: string | null; idempotency_key: string | null };
};

/** Stripe's test card numbers (docs.stripe.com/terminal/references/testing) and what each does. */
const TEST_CARDS: Readonly<Record<string, { brand: string; decline?: { code: string; decline_code?: string; message: string } }>> = {
  '4242424242424242': { brand: 'visa' },
  '5555555555554444': { brand: 'mastercard' },
  '4000000000000002': {
    brand: 'visa',
    decline: { code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' },
  },
  '4000000000009995': {
    brand: 'visa',
    decline: { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  '4000000000000069': { brand: 'visa', decline: { code: 'expired_card', decline_code: 'expired_card', message: 'Your card has expired.' } },
};
/** Card-not-present test payment methods (docs.stripe.com/testing#declined-payments) and their card numbers. */
const TEST_PAYMENT_METHODS: Readonly<Record<string, string>> = {
  pm_card_visa: '4242424242424242',
  pm_card_mastercard: '5555555555554444',
  pm_card_chargeDeclined: '4000000000000002',
  pm_card_chargeDeclinedInsufficientFunds: '4000000000009995',
  pm_card_chargeDeclinedExpiredCard: '4000000000000069',
};
const CURRENCIES = new Set(['eur', 'usd', 'gbp', 'sek', 'chf', 'dkk', 'nok', 'pln', 'cad', 'aud', 'jpy']);
/** Stripe's minimum charge amounts per currency, in minor units (docs.stripe.com/currencies#minimum-and-maximum-charge-amounts). */
const MINIMUM: Readonly<Record<string, number>> = { eur: 50, usd: 50, gbp: 30, chf: 50, sek: 300, dkk: 250, nok: 300, jpy: 50 };

type ErrorBody = { type: string; code?: string; decline_code?: string; param?: string; message: string; payment_intent?: unknown };

class ApiError extends Error {
  readonly status: number;
  readonly error: ErrorBody;
  constructor(status: number, error: ErrorBody) {
    super(error.message);
    this.status = status;
    this.error = error;
  }
}
const invalid = (message: string, extra: { code?: string; param?: string } = {}) =>
  new ApiError(400, { type: 'invalid_request_error', message, ...extra });
const missing = (kind: string, id: string, param = 'id') =>
  new ApiError(404, { type: 'invalid_request_error', code: 'resource_missing', param, message: `No such ${kind}: '${id}'` });

type Params = Record<string, unknown>;
interface Account {
  intents: Map<string, DoublePaymentIntent>;
  charges: Map<string, DoubleCharge>;
  refunds: Map<string, DoubleRefund>;
  readers: Map<string, DoubleReader>;
  locations: Map<string, DoubleLocation>;
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly stripeAccount: string | undefined;
  readonly idempotencyKey: string | undefined;
  readonly params: Params;
  readonly status: number;
}

export interface StripeDoubleOptions {
  /** The secret key requests must carry as `Authorization: Bearer …`. */
  readonly apiKey: string;
  /** Where to send signed events, and the endpoint secret to sign them with (settable later). */
  readonly webhook?: WebhookEndpoint;
}

/**
 * A webhook endpoint as one is added in Stripe: its URL, its signing secret and, like Stripe's
 * `enabled_events`, the event types sent to it (all when left out).
 */
export interface WebhookEndpoint {
  readonly url: string;
  readonly secret: string;
  readonly enabledEvents?: readonly string[];
}

export interface StripeDouble {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Events made, in order (sent or held). */
  readonly events: DoubleEvent[];
  setWebhook(webhook: WebhookEndpoint | undefined): void;
  /** Hold events back (they queue) until `releaseWebhooks`; delivers in order. */
  holdWebhooks(): void;
  releaseWebhooks(): Promise<void>;
  /** Resolves when every event made so far has been answered by the receiver. */
  webhooksDelivered(): Promise<void>;
  /** Answers of the receiver to each delivered event: event id → HTTP status. */
  readonly deliveries: Array<{ eventId: string; status: number }>;
  /** Signs and posts a payload as Stripe would (for tests that tamper with it). */
  deliver(payload: string, header?: string): Promise<{ status: number; body: unknown }>;
  signature(payload: string, timestamp?: number): string;
  setReaderStatus(readerId: string, status: 'online' | 'offline', account?: string): void;
  /** The reader took a software update: from now on it reports `version` (`device_sw_version`) wherever Stripe answers it. */
  setReaderSoftwareVersion(readerId: string, version: string, account?: string): void;
  /** A refund the bank gave back after all (Stripe's `charge.refund.updated` with status failed). */
  failRefund(refundId: string, account?: string): void;
  paymentIntent(id: string, account?: string): DoublePaymentIntent | undefined;
  reader(id: string, account?: string): DoubleReader | undefined;
  close(): Promise<void>;
}

/** JSON with object keys sorted: the same parameters in another order are the same request. */
const stableJson = (value: unknown): string =>
  Array.isArray(value)
    ? `[${value.map(stableJson).join(',')}]`
    : value !== null && typeof value === 'object'
      ? `{${Object.keys(value)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(value);

const nowSeconds = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_${randomBytes(12).toString('base64url').replace(/[-_]/g, 'x')}`;

export async function startStripeDouble(options: StripeDoubleOptions): Promise<StripeDouble> {
  const signer = new Stripe('sk_test_signer');
  const accounts = new Map<string, Account>();
  const idempotency = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const requests: RecordedRequest[] = [];
  const events: DoubleEvent[] = [];
  const deliveries: Array<{ eventId: string; status: number }> = [];
  let webhook = options.webhook;
  let held = false;
  const queue: DoubleEvent[] = [];
  let delivering: Promise<void> = Promise.resolve();

  const accountOf = (name: string | undefined): Account => {
    const key = name ?? '';
    let account = accounts.get(key);
    if (!account) {
      account = { intents: new Map(), charges: new Map(), refunds: new Map(), readers: new Map(), locations: new Map() };
      accounts.set(key, account);
    }
    return account;
  };

  function emit(type: string, object: DoubleEvent['data']['object'], context: { account?: string; key?: string }) {
    const event: DoubleEvent = {
      id: newId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: nowSeconds(),
      livemode: false,
      pending_webhooks: 1,
      type: type as Stripe.Event['type'],
      ...(context.account ? { account: context.account } : {}),
      data: { object: structuredClone(object) },
      request: { id: newId('req'), idempotency_key: context.key ?? null },
    };
    events.push(event);
    queue.push(event);
    if (!held) flush();
  }

  function flush() {
    const batch = queue.splice(0);
    delivering = delivering.then(async () => {
      for (const event of batch) {
        if (!webhook || (webhook.enabledEvents && !webhook.enabledEvents.includes(event.type))) continue;
        const result = await post(JSON.stringify(event, null, 2)).catch(() => ({ status: 0 }));
        deliveries.push({ eventId: event.id, status: result.status });
      }
    });
  }

  const signature = (payload: string, timestamp = nowSeconds()) =>
    signer.webhooks.generateTestHeaderString({ payload, secret: webhook?.secret ?? '', timestamp });

  /** Posts one delivery on a connection of its own (closed after), as Stripe's senders do. */
  async function post(payload: string, header = signature(payload)): Promise<{ status: number; body: unknown }> {
    if (!webhook) throw new Error('No webhook URL set on the Stripe double');
    const target = new URL(webhook.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          method: 'POST',
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          agent: false,
          headers: {
            'content-type': 'application/json; charset=utf-8',
            'content-length': Buffer.byteLength(payload),
            'stripe-signature': header,
            'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
            connection: 'close',
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // not JSON
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  const expandCharge = (intent: DoublePaymentIntent, account: Account, expand: readonly string[]): DoublePaymentIntent => {
    if (!expand.includes('latest_charge') || typeof intent.latest_charge !== 'string') return intent;
    return { ...intent, latest_charge: account.charges.get(intent.latest_charge) ?? intent.latest_charge };
  };

  function onlyKnown(params: Params, allowed: readonly string[], prefix = '') {
    for (const name of Object.keys(params)) {
      if (!allowed.includes(name) && name !== 'expand')
        throw invalid(`Received unknown parameter: ${prefix}${name}`, { code: 'parameter_unknown', param: `${prefix}${name}` });
    }
  }
  const required = (params: Params, name: string): string => {
    const value = params[name];
    if (value === undefined || value === '') throw invalid(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });
    if (typeof value !== 'string') throw invalid(`Invalid ${name}: must be a string`, { code: 'parameter_invalid_string', param: name });
    return value;
  };
  const integer = (params: Params, name: string): number | undefined => {
    const value = params[name];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !/^\d+$/.test(value))
      throw invalid(`Invalid integer: ${String(value)}`, { code: 'parameter_invalid_integer', param: name });
    return Number(value);
  };
  const metadataOf = (params: Params): Record<string, string> => {
    const value = params.metadata;
    if (value === undefined || value === '') return {};
    if (typeof value !== 'object' || value === null || Array.isArray(value))
      throw invalid('Invalid metadata: must be an object', { param: 'metadata' });
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, String(v)]));
  };
  const expandOf = (params: Params): string[] => (Array.isArray(params.expand) ? params.expand.map(String) : []);

  function chargeFor(intent: DoublePaymentIntent, number: string, type: 'card_present' | 'card', account: Account): DoubleCharge {
    const card = TEST_CARDS[number]!;
    const details = {
      brand: card.brand,
      last4: number.slice(-4),
      exp_month: 12,
      exp_year: new Date().getFullYear() + 3,
      funding: 'credit',
    };
    const charge: DoubleCharge = {
      id: newId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: 0,
      amount_refunded: 0,
      captured: false,
      currency: intent.currency,
      paid: true,
      refunded: false,
      status: 'succeeded',
      created: nowSeconds(),
      livemode: false,
      payment_intent: intent.id,
      payment_method_details:
        type === 'card_present'
          ? { type, card_present: { ...details, receipt: { authorization_code: String(100000 + Math.floor(Math.random() * 900000)) } } }
          : { type, card: details },
    };
    account.charges.set(charge.id, charge);
    return charge;
  }

  /** A card tried on an intent: approved (requires_capture) or declined (requires_payment_method with last_payment_error). */
  function tryCard(intent: DoublePaymentIntent, number: string, type: 'card_present' | 'card', account: Account) {
    const card = TEST_CARDS[number];
    if (!card) throw invalid('Your card number is incorrect.', { code: 'incorrect_number', param: 'number' });
    if (card.decline) {
      intent.status = 'requires_payment_method';
      intent.last_payment_error = {
        type: 'card_error',
        code: card.decline.code,
        ...(card.decline.decline_code ? { decline_code: card.decline.decline_code } : {}),
        message: card.decline.message,
      } as Stripe.PaymentIntent.LastPaymentError;
      return card.decline;
    }
    const charge = chargeFor(intent, number, type, account);
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
    intent.last_payment_error = null;
    intent.latest_charge = charge.id;
    return undefined;
  }

  type Handler = (
    params: Params,
    ctx: { account: Account; accountName?: string; key?: string; id?: string },
  ) => { status?: number; body: unknown };
  const routes: Array<{ method: string; pattern: RegExp; handler: Handler }> = [];
  const route = (method: string, path: string, handler: Handler) =>
    routes.push({ method, pattern: new RegExp(`^${path.replace(':id', '([A-Za-z0-9_]+)')}$`), handler });

  route('POST', '/v1/payment_intents', (params, { account, accountName, key }) => {
    // API 2026-11-18 (stripe 23): the allowed types are `allowed_payment_method_types`; `payment_method_types` is no longer a parameter.
    onlyKnown(params, [
      'amount',
      'currency',
      'allowed_payment_method_types',
      'capture_method',
      'metadata',
      'payment_method',
      'confirm',
      'description',
    ]);
    const amount = integer(params, 'amount');
    if (amount === undefined) throw invalid('Missing required param: amount.', { code: 'parameter_missing', param: 'amount' });
    const currency = required(params, 'currency');
    if (!CURRENCIES.has(currency)) throw invalid(`Invalid currency: ${currency}.`, { code: 'parameter_invalid_string', param: 'currency' });
    if (amount < (MINIMUM[currency] ?? 50))
      throw invalid(`Amount must be at least ${MINIMUM[currency] ?? 50} ${currency}`, { code: 'amount_too_small', param: 'amount' });
    const allowed = Array.isArray(params.allowed_payment_method_types) ? params.allowed_payment_method_types.map(String) : null;
    const types = allowed ?? ['card'];
    for (const t of types)
      if (!['card', 'card_present'].includes(t))
        throw invalid(`Invalid allowed_payment_method_types[]: ${t}`, { param: 'allowed_payment_method_types' });
    const captureMethod = params.capture_method ?? 'automatic';
    if (captureMethod !== 'manual' && captureMethod !== 'automatic') throw invalid('Invalid capture_method', { param: 'capture_method' });
    const intent: DoublePaymentIntent = {
      id: newId('pi'),
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      currency,
      capture_method: captureMethod,
      allowed_payment_method_types: allowed as Stripe.PaymentIntent.AllowedPaymentMethodType[] | null,
      payment_method_types: types,
      metadata: metadataOf(params),
      status: 'requires_payment_method',
      created: nowSeconds(),
      livemode: false,
      canceled_at: null,
      cancellation_reason: null,
      last_payment_error: null,
      latest_charge: null,
      payment_method: null,
    };
    account.intents.set(intent.id, intent);
    emit('payment_intent.created', intent, { account: accountName, key });
    if (params.confirm === 'true') {
      const pm = required(params, 'payment_method');
      const number = TEST_PAYMENT_METHODS[pm];
      if (!number) throw missing('PaymentMethod', pm, 'payment_method');
      if (!types.includes('card'))
        throw invalid('The PaymentMethod type card is not in payment_method_types.', { param: 'payment_method' });
      intent.payment_method = pm;
      const declined = tryCard(intent, number, 'card', account);
      if (declined) {
        emit('payment_intent.payment_failed', intent, { account: accountName, key });
        throw new ApiError(402, { type: 'card_error', ...declined, payment_intent: structuredClone(intent) });
      }
      emit('charge.succeeded', account.charges.get(intent.latest_charge as string)!, { account: accountName, key });
      emit('payment_intent.amount_capturable_updated', intent, { account: accountName, key });
    }
    return { body: expandCharge(intent, account, expandOf(params)) };
  });

  route('GET', '/v1/payment_intents/:id', (params, { account, id }) => {
    onlyKnown(params, []);
    const intent = account.intents.get(id!);
    if (!intent) throw missing('payment_intent', id!);
    return { body: expandCharge(intent, account, expandOf(params)) };
  });

  route('POST', '/v1/payment_intents/:id/cancel', (params, { account, accountName, key, id }) => {
    onlyKnown(params, ['cancellation_reason']);
    const intent = account.intents.get(id!);
    if (!intent) throw missing('payment_intent', id!);
    if (!['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'].includes(intent.status))
      throw invalid(`You cannot cancel this PaymentIntent because it has a status of ${intent.status}.`, {
        code: 'payment_intent_unexpected_state',
      });
    const busy = [...account.readers.values()].find(
      (r) => r.action?.status === 'in_progress' && r.action.process_payment_intent.payment_intent === intent.id,
    );
    if (busy)
      throw invalid('The PaymentIntent is being processed on a reader; cancel the reader action first.', {
        code: 'payment_intent_unexpected_state',
      });
    intent.status = 'canceled';
    intent.amount_capturable = 0;
    intent.canceled_at = nowSeconds();
    intent.cancellation_reason = (params.cancellation_reason as Stripe.PaymentIntent.CancellationReason | undefined) ?? null;
    emit('payment_intent.canceled', intent, { account: accountName, key });
    return { body: expandCharge(intent, account, expandOf(params)) };
  });

  route('POST', '/v1/payment_intents/:id/capture', (params, { account, accountName, key, id }) => {
    onlyKnown(params, ['amount_to_capture']);
    const intent = account.intents.get(id!);
    if (!intent) throw missing('payment_intent', id!);
    if (intent.status !== 'requires_capture')
      throw invalid(`This PaymentIntent could not be captured because it has a status of ${intent.status}.`, {
        code: 'payment_intent_unexpected_state',
      });
    const amount = integer(params, 'amount_to_capture') ?? intent.amount_capturable;
    if (amount > intent.amount_capturable)
      throw invalid('The amount to capture is larger than the amount capturable.', {
        code: 'amount_too_large',
        param: 'amount_to_capture',
      });
    const charge = account.charges.get(intent.latest_charge as string)!;
    charge.captured = true;
    charge.amount_captured = amount;
    intent.status = 'succeeded';
    intent.amount_received = amount;
    intent.amount_capturable = 0;
    emit('payment_intent.succeeded', intent, { account: accountName, key });
    return { body: expandCharge(intent, account, expandOf(params)) };
  });

  route('POST', '/v1/refunds', (params, { account, accountName, key }) => {
    onlyKnown(params, ['payment_intent', 'amount', 'metadata', 'reason']);
    const intentId = required(params, 'payment_intent');
    const intent = account.intents.get(intentId);
    if (!intent) throw missing('payment_intent', intentId, 'payment_intent');
    const charge = typeof intent.latest_charge === 'string' ? account.charges.get(intent.latest_charge) : undefined;
    if (intent.status !== 'succeeded' || !charge)
      throw invalid(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, { code: 'charge_not_refundable' });
    const left = charge.amount_captured - charge.amount_refunded;
    if (left === 0) throw invalid(`Charge ${charge.id} has already been refunded.`, { code: 'charge_already_refunded' });
    const amount = integer(params, 'amount') ?? left;
    if (amount < 1) throw invalid('Invalid positive integer', { code: 'parameter_invalid_integer', param: 'amount' });
    if (amount > left)
      throw invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${left})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    const reason = params.reason as Stripe.Refund.Reason | undefined;
    if (reason !== undefined && !['duplicate', 'fraudulent', 'requested_by_customer'].includes(reason))
      throw invalid('Invalid reason', { param: 'reason' });
    const refund: DoubleRefund = {
      id: newId('re'),
      object: 'refund',
      amount,
      currency: intent.currency,
      metadata: metadataOf(params),
      reason: reason ?? null,
      status: 'succeeded',
      created: nowSeconds(),
      payment_intent: intent.id,
      charge: charge.id,
    };
    account.refunds.set(refund.id, refund);
    charge.amount_refunded += amount;
    charge.refunded = charge.amount_refunded === charge.amount_captured;
    emit('refund.created', refund, { account: accountName, key });
    emit('charge.refunded', charge, { account: accountName, key });
    return { body: refund };
  });

  route('POST', '/v1/terminal/locations', (params, { account }) => {
    onlyKnown(params, ['display_name', 'address', 'metadata']);
    const displayName = required(params, 'display_name');
    const address = (params.address ?? {}) as Params;
    if (typeof address !== 'object') throw invalid('Invalid address', { param: 'address' });
    onlyKnown(address, ['line1', 'line2', 'city', 'postal_code', 'state', 'country'], 'address[');
    for (const field of ['country', 'line1', 'city', 'postal_code'])
      if (!address[field])
        throw invalid(`Missing required param: address[${field}].`, { code: 'parameter_missing', param: `address[${field}]` });
    if (!/^[A-Z]{2}$/.test(String(address.country))) throw invalid('Country must be a two-letter ISO code', { param: 'address[country]' });
    const location: DoubleLocation = {
      id: newId('tml'),
      object: 'terminal.location',
      display_name: displayName,
      livemode: false,
      metadata: metadataOf(params),
      address: {
        line1: String(address.line1),
        line2: address.line2 ? String(address.line2) : null,
        city: String(address.city),
        postal_code: String(address.postal_code),
        state: address.state ? String(address.state) : null,
        country: String(address.country),
      },
    };
    account.locations.set(location.id, location);
    return { body: location };
  });

  route('POST', '/v1/terminal/readers', (params, { account }) => {
    onlyKnown(params, ['registration_code', 'label', 'location', 'metadata']);
    const code = required(params, 'registration_code');
    const location = params.location === undefined ? null : required(params, 'location');
    if (location && !account.locations.has(location)) throw missing('terminal.location', location, 'location');
    const simulated: Record<string, DoubleReader['device_type']> = {
      'simulated-wpe': 'simulated_wisepos_e',
      'simulated-s700': 'simulated_stripe_s700',
    };
    const deviceType = simulated[code];
    if (!deviceType) throw invalid(`The registration code ${code} is not valid, or it has expired.`, { param: 'registration_code' });
    const reader: DoubleReader = {
      id: newId('tmr'),
      object: 'terminal.reader',
      device_type: deviceType,
      label: typeof params.label === 'string' ? params.label : deviceType,
      livemode: false,
      metadata: metadataOf(params),
      serial_number: randomBytes(6).toString('hex').toUpperCase(),
      status: 'online',
      ip_address: '10.0.0.10',
      device_sw_version: '2.30.0.0',
      last_seen_at: Date.now(),
      location,
      action: null,
    };
    account.readers.set(reader.id, reader);
    return { body: reader };
  });

  route('GET', '/v1/terminal/readers/:id', (params, { account, id }) => {
    onlyKnown(params, []);
    const reader = account.readers.get(id!);
    if (!reader) throw missing('terminal.reader', id!);
    return { body: reader };
  });

  route('DELETE', '/v1/terminal/readers/:id', (params, { account, id }) => {
    onlyKnown(params, []);
    const reader = account.readers.get(id!);
    if (!reader) throw missing('terminal.reader', id!);
    account.readers.delete(id!);
    return {
      body: {
        id: reader.id,
        object: 'terminal.reader',
        deleted: true,
        device_type: reader.device_type,
        serial_number: reader.serial_number,
      },
    };
  });

  route('POST', '/v1/terminal/readers/:id/process_payment_intent', (params, { account, id }) => {
    onlyKnown(params, ['payment_intent', 'process_config']);
    const reader = account.readers.get(id!);
    if (!reader) throw missing('terminal.reader', id!);
    const intentId = required(params, 'payment_intent');
    const intent = account.intents.get(intentId);
    if (!intent) throw missing('payment_intent', intentId, 'payment_intent');
    if (reader.status === 'offline')
      throw invalid(
        'Reader is currently offline, please ensure the reader is powered on and connected to the internet before retrying your request.',
        { code: 'terminal_reader_offline' },
      );
    if (reader.action?.status === 'in_progress')
      throw invalid('Reader is currently busy processing another request, please retry after a few moments.', {
        code: 'terminal_reader_busy',
      });
    if (!intent.payment_method_types.includes('card_present'))
      throw invalid('The PaymentIntent does not accept card_present payments.', { code: 'payment_intent_unexpected_state' });
    if (intent.status !== 'requires_payment_method')
      throw invalid(`This PaymentIntent's status is ${intent.status}; it cannot be processed.`, {
        code: 'payment_intent_unexpected_state',
      });
    reader.action = {
      type: 'process_payment_intent',
      status: 'in_progress',
      failure_code: null,
      failure_message: null,
      process_payment_intent: { payment_intent: intent.id },
    };
    return { body: reader };
  });

  route('POST', '/v1/terminal/readers/:id/cancel_action', (params, { account, id }) => {
    onlyKnown(params, []);
    const reader = account.readers.get(id!);
    if (!reader) throw missing('terminal.reader', id!);
    if (reader.action?.status !== 'in_progress')
      throw invalid('This reader has no action in progress to cancel.', { code: 'terminal_reader_action_unexpected' });
    reader.action = null;
    return { body: reader };
  });

  route('POST', '/v1/test_helpers/terminal/readers/:id/present_payment_method', (params, { account, accountName, id }) => {
    onlyKnown(params, ['card_present', 'type', 'amount_tip', 'card', 'interac_present']);
    const reader = account.readers.get(id!);
    if (!reader) throw missing('terminal.reader', id!);
    const action = reader.action;
    if (action?.status !== 'in_progress')
      throw invalid('This reader has no action in progress.', { code: 'terminal_reader_action_unexpected' });
    const present = (params.card_present ?? {}) as Params;
    onlyKnown(present, ['number'], 'card_present[');
    const number = typeof present.number === 'string' ? present.number : '4242424242424242';
    const intent = account.intents.get(action.process_payment_intent.payment_intent)!;
    const declined = tryCard(intent, number, 'card_present', account);
    if (declined) {
      action.status = 'failed';
      action.failure_code = declined.code;
      action.failure_message = declined.message;
      emit('payment_intent.payment_failed', intent, { account: accountName });
      emit('terminal.reader.action_failed', reader, { account: accountName });
    } else {
      action.status = 'succeeded';
      // As Stripe: the (uncaptured) charge succeeded, then the intent can be captured.
      emit('charge.succeeded', account.charges.get(intent.latest_charge as string)!, { account: accountName });
      emit('payment_intent.amount_capturable_updated', intent, { account: accountName });
      emit('terminal.reader.action_succeeded', reader, { account: accountName });
    }
    return { body: reader };
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://double');
    const method = req.method ?? 'GET';
    const body = Buffer.concat(chunks).toString('utf8');
    const params = (method === 'GET' || method === 'DELETE' ? qs.parse(url.search.slice(1)) : qs.parse(body)) as Params;
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const accountName = header('stripe-account');
    const key = header('idempotency-key');
    const send = (status: number, answer: unknown) => {
      requests.push({ method, path: url.pathname, stripeAccount: accountName, idempotencyKey: key, params, status });
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': newId('req'), ...(key ? { 'idempotency-key': key } : {}) });
      res.end(JSON.stringify(answer));
    };
    if (header('authorization') !== `Bearer ${options.apiKey}`) {
      const given = (header('authorization') ?? '').replace(/^Bearer /, '');
      return send(401, {
        error: {
          type: 'invalid_request_error',
          message: `Invalid API Key provided: ${given.slice(0, 8)}${'*'.repeat(Math.max(0, given.length - 12))}${given.slice(-4)}`,
        },
      });
    }
    const storedKey = key && method === 'POST' ? `${accountName ?? ''}|${key}` : undefined;
    const fingerprint = `${method} ${url.pathname} ${stableJson(params)}`;
    if (storedKey) {
      const stored = idempotency.get(storedKey);
      if (stored) {
        if (stored.fingerprint !== fingerprint)
          return send(400, {
            error: {
              type: 'idempotency_error',
              message: `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
            },
          });
        res.setHeader('idempotent-replayed', 'true');
        return send(stored.status, stored.body);
      }
    }
    const found = routes.map((r) => ({ r, m: r.pattern.exec(url.pathname) })).find(({ r, m }) => m && r.method === method);
    let status: number;
    let answer: unknown;
    try {
      if (!found)
        throw new ApiError(404, { type: 'invalid_request_error', message: `Unrecognized request URL (${method}: ${url.pathname}).` });
      const out = found.r.handler(params, { account: accountOf(accountName), accountName, key, id: found.m![1] });
      status = out.status ?? 200;
      answer = out.body;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      answer = { error: error.error };
    }
    // Stripe keeps the answer of a request that ran (success or a refusal), so the key replays it.
    if (storedKey) idempotency.set(storedKey, { fingerprint, status, body: structuredClone(answer) });
    send(status, answer);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { type: 'api_error', message: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    host: '127.0.0.1',
    port,
    requests,
    events,
    deliveries,
    setWebhook: (value) => void (webhook = value),
    holdWebhooks: () => void (held = true),
    async releaseWebhooks() {
      held = false;
      flush();
      await delivering;
    },
    webhooksDelivered: async () => {
      await delivering;
    },
    deliver: (payload, header) => post(payload, header),
    signature,
    setReaderStatus(readerId, status, account) {
      const reader = accountOf(account).readers.get(readerId);
      if (!reader) throw new Error(`No reader ${readerId} in the double`);
      reader.status = status;
    },
    setReaderSoftwareVersion(readerId, version, account) {
      const reader = accountOf(account).readers.get(readerId);
      if (!reader) throw new Error(`No reader ${readerId} in the double`);
      reader.device_sw_version = version;
    },
    failRefund(refundId, account) {
      const store = accountOf(account);
      const refund = store.refunds.get(refundId);
      if (!refund) throw new Error(`No refund ${refundId} in the double`);
      refund.status = 'failed';
      const charge = store.charges.get(refund.charge)!;
      charge.amount_refunded -= refund.amount;
      charge.refunded = false;
      emit('charge.refund.updated', refund, { ...(account ? { account } : {}) });
    },
    paymentIntent: (id, account) => accountOf(account).intents.get(id),
    reader: (id, account) => accountOf(account).readers.get(id),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
