import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Whether `X-Shopify-Hmac-Sha256` is Shopify's signature of these exact bytes: base64 of
 * HMAC-SHA256 of the raw body with the app's client secret, compared in constant time.
 */
export function webhookSignatureMatches(rawBody: Uint8Array, header: unknown, secret: string): boolean {
  if (typeof header !== 'string' || !/^[A-Za-z0-9+/]{43}=$/.test(header)) return false;
  const expected = createHmac('sha256', secret).update(rawBody).digest();
  const given = Buffer.from(header, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
