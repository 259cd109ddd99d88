/** stripe-pay's settings for a tenant, as the manifest's schema describes them. */
export interface StripePaySettings {
  /** The secret key (sk_… / rk_…): stored sealed by the kernel. */
  readonly apiKey?: string;
  /** The webhook endpoint's signing secret (whsec_…): stored sealed by the kernel. */
  readonly webhookSecret?: string;
  /** Stripe Connect: the connected account the calls are made for (`Stripe-Account`). */
  readonly stripeAccount?: string;
  /** Where the API is reached; https://api.stripe.com when left out. */
  readonly apiBase?: string;
}

export const DEFAULT_API_BASE = 'https://api.stripe.com';
