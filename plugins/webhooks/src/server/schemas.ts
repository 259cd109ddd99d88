import { FreeText, Nullable, Timestamp, Type, Uuid } from '@kits/plugin-sdk';

export const EventTypes = Type.Array(Type.String({ minLength: 1, maxLength: 120 }), {
  minItems: 1,
  maxItems: 100,
  uniqueItems: true,
  description: 'Event types from the catalogue (GET /event-types), `<prefix>.*` wildcards such as `sales.*`, or `*` for every event',
});

export const EndpointInput = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048, description: 'https://… (http: only where the operator allows it)' }),
    description: Type.Optional(FreeText(200)),
    eventTypes: EventTypes,
    ordered: Type.Optional(Type.Boolean({ description: 'One delivery in flight at a time, in commit order' })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const EndpointPatch = Type.Partial(EndpointInput, { additionalProperties: false, minProperties: 1 });

const endpointFields = {
  id: Uuid,
  url: Type.String(),
  description: Type.String(),
  eventTypes: Type.Array(Type.String()),
  ordered: Type.Boolean(),
  enabled: Type.Boolean(),
  disabledReason: Nullable(Type.String()),
  failingSince: Nullable(Timestamp),
  previousSecretExpiresAt: Nullable(Timestamp),
  createdAt: Timestamp,
  updatedAt: Timestamp,
};
export const Endpoint = Type.Object(endpointFields);
export const EndpointWithSecret = Type.Object({ ...endpointFields, secret: Type.String({ description: 'whsec_…: shown once' }) });

export const Delivery = Type.Object({
  id: Uuid,
  endpointId: Uuid,
  eventId: Uuid,
  eventType: Type.String(),
  occurredAt: Timestamp,
  state: Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('succeeded'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Nullable(Timestamp),
  lastStatus: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  lastDurationMs: Nullable(Type.Integer()),
  replayOf: Nullable(Uuid),
  createdAt: Timestamp,
});

export const Attempt = Type.Object({
  id: Uuid,
  attemptedAt: Timestamp,
  url: Type.String(),
  requestHeaders: Type.Record(Type.String(), Type.String()),
  responseStatus: Nullable(Type.Integer()),
  responseExcerpt: Nullable(Type.String()),
  durationMs: Type.Integer(),
  error: Nullable(Type.String()),
});

export const DeliveryDetail = Type.Object({ ...Delivery.properties, body: Type.Unknown(), attemptLog: Type.Array(Attempt) });

export const EndpointParams = Type.Object({ endpointId: Uuid });
export const DeliveryParams = Type.Object({ endpointId: Uuid, deliveryId: Uuid });
