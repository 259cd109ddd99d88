import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret } from '../shared/endpoint.ts';

export const API = '/api/v1/webhooks';
export const MANAGE = 'webhooks:manage';

export type { WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookEndpointWithSecret };

export interface EventCatalogue {
  readonly types: ReadonlyArray<{ readonly type: string; readonly description: string; readonly pluginId: string }>;
  readonly wildcards: readonly string[];
}

export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: string[];
  ordered: boolean;
  enabled: boolean;
}

export interface DeliveryDetail extends WebhookDelivery {
  readonly body: unknown;
  readonly attemptLog: readonly WebhookAttempt[];
}

export const webhooksApi = (context: OfficePluginContext) => ({
  catalogue: (signal?: AbortSignal) => context.api.get<EventCatalogue>(`${API}/event-types`, { signal }),
  endpoints: (signal?: AbortSignal) => context.api.get<{ items: WebhookEndpoint[] }>(`${API}/endpoints`, { query: { limit: 200 }, signal }),
  endpoint: (id: string, signal?: AbortSignal) => context.api.get<WebhookEndpoint>(`${API}/endpoints/${id}`, { signal }),
  create: (input: EndpointInput) => context.api.post<WebhookEndpointWithSecret>(`${API}/endpoints`, input),
  update: (id: string, input: Partial<EndpointInput>) => context.api.patch<WebhookEndpoint>(`${API}/endpoints/${id}`, input),
  remove: (id: string) => context.api.delete<null>(`${API}/endpoints/${id}`),
  rotate: (id: string) => context.api.post<WebhookEndpointWithSecret>(`${API}/endpoints/${id}/rotate-secret`),
  ping: (id: string) => context.api.post<{ deliveryId: string }>(`${API}/endpoints/${id}/ping`),
  deliveries: (id: string, cursor: string | undefined, signal: AbortSignal) =>
    context.api.get<{ items: WebhookDelivery[]; nextCursor: string | null }>(`${API}/endpoints/${id}/deliveries`, {
      query: { limit: 50, ...(cursor ? { cursor } : {}) },
      signal,
    }),
  delivery: (id: string, deliveryId: string, signal?: AbortSignal) =>
    context.api.get<DeliveryDetail>(`${API}/endpoints/${id}/deliveries/${deliveryId}`, { signal }),
  replay: (id: string, deliveryId: string) => context.api.post<WebhookDelivery>(`${API}/endpoints/${id}/deliveries/${deliveryId}/replay`),
  replayRange: (id: string, range: { from: string; to: string; onlyFailed: boolean }) =>
    context.api.post<{ replayed: number }>(`${API}/endpoints/${id}/replay`, range),
});
