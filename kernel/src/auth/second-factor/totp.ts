import { Secret, TOTP } from 'otpauth';

/**
 * RFC 6238 codes as authenticator apps make them (6 digits, 30 s, SHA-1), with `otpauth`.
 * A code is accepted within one step of drift either side.
 */
export const TOTP_PERIOD_SECONDS = 30;
const DRIFT_STEPS = 1;

const totp = (secretBase32: string, issuer: string, label: string) =>
  new TOTP({ issuer, label, algorithm: 'SHA1', digits: 6, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });

/** A new secret (160 random bits, base32 as apps take it) and its `otpauth://` URI. */
export function newTotpSecret(issuer: string, label: string): { secret: string; otpauthUri: string } {
  const secret = new Secret({ size: 20 }).base32;
  return { secret, otpauthUri: totp(secret, issuer, label).toString() };
}

/** The time step a code belongs to, or undefined when it is wrong (`now` in ms). */
export function totpStep(secretBase32: string, code: string, now = Date.now()): number | undefined {
  const delta = totp(secretBase32, 'KiTS', 'check').validate({ token: code, timestamp: now, window: DRIFT_STEPS });
  return delta === null ? undefined : Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
}
