/** An endpoint as the API answers it (the secret only at creation and rotation). */
export interface WebhookEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly ordered: boolean;
  readonly enabled: boolean;
  /** Why the kernel disabled it (a day of failures), null when a person did or it is enabled. */
  readonly disabledReason: string | null;
  readonly failingSince: string | null;
  /** When the previous secret stops being signed with (24 h after a rotation), null without one. */
  readonly previousSecretExpiresAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WebhookEndpointWithSecret extends WebhookEndpoint {
  /** `whsec_…`: shown once, at creation and at each rotation. */
  readonly secret: string;
}

export type DeliveryState = 'pending' | 'sending' | 'succeeded' | 'failed';

export interface WebhookDelivery {
  readonly id: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: string;
  readonly occurredAt: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly lastDurationMs: number | null;
  readonly replayOf: string | null;
  readonly createdAt: string;
}

export interface WebhookAttempt {
  readonly id: string;
  readonly attemptedAt: string;
  readonly url: string;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly responseStatus: number | null;
  readonly responseExcerpt: string | null;
  readonly durationMs: number;
  readonly error: string | null;
}

/** Ping deliveries (`POST …/ping`) carry this type; it is not a published event. */
export const PING_EVENT_TYPE = 'webhooks.endpoint.ping';
