import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com, "Signature scheme"), made by the
 * `standardwebhooks` package: HMAC-SHA256 over `${webhook-id}.${webhook-timestamp}.${body}` with the
 * secret's bytes (base64 after `whsec_`), base64-encoded and prefixed `v1,`; several signatures are
 * separated by spaces. The tests check every delivery with a verifier written from the specification
 * and with the package's own `verify`, as a receiver would use it.
 */
export const SECRET_PREFIX = 'whsec_';

/** A new endpoint secret: 32 random bytes, `whsec_` + base64. */
export function newEndpointSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64');
}

/** `v1,<base64>` for one secret. */
export function signWith(secret: string, id: string, timestampSeconds: number, body: string): string {
  return new Webhook(secret).sign(id, new Date(timestampSeconds * 1000), body);
}

/** The three headers of a delivery: `webhook-signature` carries one `v1,` signature per valid secret (two during a rotation). */
export function signedHeaders(
  secrets: readonly string[],
  id: string,
  timestampSeconds: number,
  body: string,
): { 'webhook-id': string; 'webhook-timestamp': string; 'webhook-signature': string } {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((secret) => signWith(secret, id, timestampSeconds, body)).join(' '),
  };
}
