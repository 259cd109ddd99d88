import { notFound, type TenantTransaction } from '@kits/plugin-sdk';
import type { WebhookEndpoint } from '../../shared/endpoint.ts';
import { newEndpointSecret } from '../sending/signature.ts';

/** The purpose endpoint secrets are sealed under (tx.secrets). */
export const SECRET_PURPOSE = 'endpoint-secret';
/** Both secrets sign for a day after a rotation. */
export const ROTATION_OVERLAP_MS = 24 * 3600_000;

export interface EndpointRow {
  endpoint_id: string;
  url: string;
  description: string;
  event_types: string[];
  ordered: boolean;
  enabled: boolean;
  disabled_reason: string | null;
  failing_since: Date | string | null;
  previous_secret_expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export const ENDPOINT_COLUMNS =
  'endpoint_id, url, description, event_types, ordered, enabled, disabled_reason, failing_since, previous_secret_expires_at, created_at, updated_at';

const iso = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function endpointOf(row: EndpointRow): WebhookEndpoint {
  const expires =
    row.previous_secret_expires_at && new Date(row.previous_secret_expires_at) > new Date() ? iso(row.previous_secret_expires_at) : null;
  return {
    id: row.endpoint_id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types,
    ordered: row.ordered,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    failingSince: iso(row.failing_since),
    previousSecretExpiresAt: expires,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

export async function findEndpoint(tx: TenantTransaction, id: string, lock = false): Promise<EndpointRow> {
  const [row] = await tx.query<EndpointRow>(
    `select ${ENDPOINT_COLUMNS} from webhooks.endpoints where endpoint_id = $1${lock ? ' for update' : ''}`,
    [id],
  );
  if (!row) throw notFound('webhooks.endpoint_not_found', `This tenant has no webhook endpoint ${id}.`, { endpointId: id });
  return row;
}

export interface NewEndpoint {
  readonly id: string;
  readonly url: string;
  readonly description: string;
  readonly eventTypes: readonly string[];
  readonly ordered: boolean;
  readonly enabled: boolean;
}

/** Inserts the endpoint with a new secret; answers the row and the secret (shown once). */
export async function insertEndpoint(tx: TenantTransaction, endpoint: NewEndpoint): Promise<{ row: EndpointRow; secret: string }> {
  const secret = newEndpointSecret();
  const [row] = await tx.query<EndpointRow>(
    `insert into webhooks.endpoints (tenant_id, endpoint_id, url, description, event_types, ordered, enabled, secret_sealed)
     values ($1, $2, $3, $4, $5::text[], $6, $7, $8) returning ${ENDPOINT_COLUMNS}`,
    [
      tx.tenantId,
      endpoint.id,
      endpoint.url,
      endpoint.description,
      endpoint.eventTypes,
      endpoint.ordered,
      endpoint.enabled,
      tx.secrets.seal(SECRET_PURPOSE, secret),
    ],
  );
  return { row: row!, secret };
}

/** A new secret; the current one keeps signing beside it for 24 h (the receiver accepts either meanwhile). */
export async function rotateSecret(tx: TenantTransaction, id: string): Promise<{ row: EndpointRow; secret: string }> {
  await findEndpoint(tx, id, true);
  const secret = newEndpointSecret();
  const [row] = await tx.query<EndpointRow>(
    `update webhooks.endpoints
        set previous_secret_sealed = secret_sealed,
            previous_secret_expires_at = now() + $3 * interval '1 millisecond',
            secret_sealed = $2, updated_at = now()
      where endpoint_id = $1 returning ${ENDPOINT_COLUMNS}`,
    [id, tx.secrets.seal(SECRET_PURPOSE, secret), ROTATION_OVERLAP_MS],
  );
  return { row: row!, secret };
}
