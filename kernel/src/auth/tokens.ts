import { errors, jwtVerify, SignJWT } from 'jose';
import { DomainError } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import type { PermissionGrants } from './authenticated.ts';

/** What an access token says about its bearer. */
export interface AccessClaims {
  readonly sub: string;
  readonly kind: 'user' | 'cashier' | 'operator';
  /** tenant id; absent for operators */
  readonly tid?: string;
  /** the session (refresh-token family) the token belongs to; absent for operators */
  readonly sid?: string;
  readonly dev?: string;
  readonly loc?: string;
  readonly grants?: PermissionGrants;
}

const ISSUER = 'kits-kernel';
const ALGORITHM = 'HS256';

export interface TokenSigner {
  sign(claims: AccessClaims): Promise<{ token: string; expiresIn: number }>;
  /** Verifies signature, algorithm (HS256 only — `alg: none` is refused), issuer and expiry. */
  verify(token: string): Promise<AccessClaims>;
}

/** Verified tokens kept so a till's repeated requests skip the HMAC; bounded, and expiry is rechecked. */
const VERIFIED_CACHE_SIZE = 10_000;

/**
 * Signs with `secret`; verifies with it or, while a rotation runs (JWT_SECRET_PREVIOUS), with an earlier
 * one, so access tokens issued before the rotation stay good until they expire.
 */
export function createTokenSigner(secret: string, ttlSeconds: number, previousSecrets: readonly string[] = []): TokenSigner {
  const key = new TextEncoder().encode(secret);
  const keys = [key, ...previousSecrets.map((previous) => new TextEncoder().encode(previous))];
  const verified = new Map<string, AccessClaims & { exp: number }>();
  return {
    async sign(claims) {
      const token = await new SignJWT({ ...claims })
        .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
        .setIssuer(ISSUER)
        .setSubject(claims.sub)
        .setJti(uuidv7())
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(key);
      return { token, expiresIn: ttlSeconds };
    },
    async verify(token) {
      const known = verified.get(token);
      if (known && known.exp * 1000 > Date.now()) return known;
      if (known) verified.delete(token);
      try {
        const { payload } = await verifiedWithAnyOf(keys, token);
        if (
          typeof payload.sub !== 'string' ||
          typeof payload.exp !== 'number' ||
          !['user', 'cashier', 'operator'].includes(String(payload.kind))
        ) {
          throw new DomainError('auth.invalid_token', 401, 'The access token is not one this kernel issued; sign in again.');
        }
        if (verified.size >= VERIFIED_CACHE_SIZE) verified.delete(verified.keys().next().value!);
        verified.set(token, payload as unknown as AccessClaims & { exp: number });
        return payload as unknown as AccessClaims;
      } catch (error) {
        if (error instanceof DomainError) throw error;
        if (error instanceof errors.JWTExpired)
          throw new DomainError(
            'auth.token_expired',
            401,
            'The access token has expired; refresh it with POST /api/v1/auth/refresh or sign in again.',
          );
        throw new DomainError(
          'auth.invalid_token',
          401,
          'The access token is invalid (bad signature, algorithm or format); sign in again.',
        );
      }
    },
  };
}

/** jwtVerify with each key in turn: the first whose signature matches decides (expiry, issuer). */
async function verifiedWithAnyOf(keys: readonly Uint8Array[], token: string) {
  for (const [index, key] of keys.entries()) {
    try {
      return await jwtVerify(token, key, { algorithms: [ALGORITHM], issuer: ISSUER });
    } catch (error) {
      if (!(error instanceof errors.JWSSignatureVerificationFailed) || index === keys.length - 1) throw error;
    }
  }
  throw new Error('no key to verify with');
}
