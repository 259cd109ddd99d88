/**
 * The Stripe events to enable on the shop's webhook endpoint (Stripe sends only those an endpoint
 * lists): each tells stripe-pay something it cannot learn faster otherwise. A card tapped on the
 * reader arrives as `charge.succeeded` (the uncaptured charge, with the card's brand, last four
 * digits and authorization code for the receipt), a decline as `payment_intent.payment_failed`, a
 * reader that gave up (timeout, the customer pressed cancel) as `terminal.reader.action_failed`;
 * `payment_intent.canceled` and `payment_intent.succeeded` bring changes made outside KiTS (the
 * Stripe Dashboard), and `charge.refund.updated` a refund that failed later.
 * `payment_intent.amount_capturable_updated` and `terminal.reader.action_succeeded` say again what
 * `charge.succeeded` says, without the card: they are applied when sent, but not asked for.
 */
export const STRIPE_WEBHOOK_EVENTS = [
  'charge.succeeded',
  'payment_intent.payment_failed',
  'payment_intent.canceled',
  'payment_intent.succeeded',
  'terminal.reader.action_failed',
  'charge.refund.updated',
] as const;
