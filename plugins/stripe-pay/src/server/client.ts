import { DomainError } from '@kits/plugin-sdk';
import Stripe from 'stripe';
import { DEFAULT_API_BASE, type StripePaySettings } from './settings.ts';

/** A Stripe client and the per-request options every call of the tenant carries (Connect's account). */
export interface StripeAccess {
  readonly stripe: Stripe;
  /** `{ stripeAccount }` when the settings name a connected account: sent as `Stripe-Account`. */
  readonly account: Stripe.RequestOptions;
}

/** One client per (key, API base): clients hold sockets and agents, so they are made once, not per call. */
const clients = new Map<string, Stripe>();

/** How long one Stripe call may take before the caller hears of it (a till waits on it). */
const TIMEOUT_MS = 20_000;

/**
 * The tenant's Stripe client from its settings. Without an API key the plugin cannot do anything:
 * a 503 problem naming the setting, so the merchant knows what to fill in (never a cashier "declined").
 */
export function stripeAccess(settings: StripePaySettings): StripeAccess {
  const apiKey = settings.apiKey;
  if (!apiKey)
    throw new DomainError(
      'stripe-pay.not_configured',
      503,
      'Stripe is not set up for this shop: fill in the apiKey setting of stripe-pay (the Stripe secret key).',
      {
        setting: 'apiKey',
      },
    );
  const base = new URL(settings.apiBase ?? DEFAULT_API_BASE);
  const cacheKey = `${apiKey}\u0000${base.origin}`;
  let stripe = clients.get(cacheKey);
  if (!stripe) {
    const official = base.origin === DEFAULT_API_BASE;
    stripe = new Stripe(apiKey, {
      host: base.hostname,
      port: base.port || (base.protocol === 'https:' ? 443 : 80),
      protocol: base.protocol === 'https:' ? 'https' : 'http',
      // Every changing call carries an idempotency key, so the client may retry Stripe itself; a
      // proxy or test double is asked once and its answer taken as it is.
      maxNetworkRetries: official ? 2 : 0,
      timeout: TIMEOUT_MS,
      appInfo: { name: 'KiTS POS stripe-pay', version: '1.0.0' },
    });
    clients.set(cacheKey, stripe);
  }
  return { stripe, account: settings.stripeAccount ? { stripeAccount: settings.stripeAccount } : {} };
}

/** A verifier for webhook signatures: needs no key of its own. */
export const webhookVerifier = new Stripe('sk_webhook_verifier_only', { maxNetworkRetries: 0 });
