import { definePlugin } from '@kits/plugin-sdk';
import { stripePayments } from './payments.ts';
import { registerReaderRoutes } from './readers.ts';
import type { StripePaySettings } from './settings.ts';
import { receiveStripeWebhook } from './webhooks.ts';

/** The largest webhook body taken: Stripe's events are a few KiB; a charge with many refunds stays far below. */
const WEBHOOK_BODY_LIMIT = 256 * 1024;

/** stripe-pay: card payments on Stripe Terminal readers; provides payments@2 (payment id = the PaymentIntent id). */
export default definePlugin<StripePaySettings>({
  register({ plugin, routes, services, webhooks }) {
    registerReaderRoutes(routes, plugin.id);
    services.provide('payments@2', ({ tx, settings, log }) => stripePayments({ tx, settings, log }));
    webhooks.receive('stripe', { bodyLimit: WEBHOOK_BODY_LIMIT, handler: (request) => receiveStripeWebhook(request) });
  },
  // The demo has no Stripe account: the plugin needs the merchant's keys, so the demo leaves it disabled.
  async demo() {},
});
