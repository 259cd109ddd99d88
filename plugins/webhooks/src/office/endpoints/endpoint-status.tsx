import { Badge } from '@kits/ui-kit';
import type { WebhookDelivery, WebhookEndpoint } from '../webhooks-api.ts';

/** Enabled, failing (since when) or disabled (by a person, or after a day of failures). */
export function EndpointStatus({ endpoint }: { endpoint: WebhookEndpoint }) {
  if (!endpoint.enabled)
    return (
      <Badge tone={endpoint.disabledReason ? 'danger' : 'neutral'}>
        {endpoint.disabledReason ? 'Disabled after failures' : 'Disabled'}
      </Badge>
    );
  if (endpoint.failingSince) return <Badge tone="warning">Failing</Badge>;
  return <Badge tone="success">Enabled</Badge>;
}

const DELIVERY = {
  pending: { tone: 'info', label: 'Pending' },
  sending: { tone: 'info', label: 'Sending' },
  succeeded: { tone: 'success', label: 'Delivered' },
  failed: { tone: 'danger', label: 'Failed' },
} as const;

export function DeliveryStatus({ delivery }: { delivery: WebhookDelivery }) {
  const state =
    delivery.state === 'pending' && delivery.attempts > 0 ? { tone: 'warning' as const, label: 'Retrying' } : DELIVERY[delivery.state];
  return <Badge tone={state.tone}>{state.label}</Badge>;
}
