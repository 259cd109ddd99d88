import { badRequest, DomainError } from '@kits/plugin-sdk';
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

/**
 * The kernel as an OIDC relying party, for shops' providers and the operators' one alike:
 * discovery, the authorization URL (code flow, PKCE S256, state, nonce), and the code exchange with
 * every check of the ID token — its claims by `openid-client`, its signature against the provider's
 * JWKS by `jose`.
 */

/** What the kernel reads from a verified ID token. */
export interface ProviderClaims {
  readonly iss: string;
  readonly sub: string;
  readonly email?: string;
  readonly email_verified?: boolean;
  readonly name?: string;
  readonly [claim: string]: unknown;
}

/** A provider ready to sign people in with. */
export interface DiscoveredProvider {
  readonly clientId: string;
  readonly config: oidc.Configuration;
  /** The provider's JWKS, fetched once and kept; `reload()` reads it again (the provider rotated its key). */
  readonly jwks: ReturnType<typeof createRemoteJWKSet>;
}

/** The secrets of one sign-in attempt, kept server-side until the provider sends the person back. */
export interface AttemptSecrets {
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
}

/** An IdP answers in seconds or is treated as unreachable. */
export const PROVIDER_TIMEOUT_SECONDS = 5;
/**
 * How long after fetching the JWKS an unknown key id does not fetch it again by itself. A sign-in
 * whose ID token names an unknown key reloads it at once (`exchangeCode`): ID tokens come only from
 * the provider's token endpoint, in exchange for a code, so nobody can make the kernel fetch at will.
 */
const JWKS_COOLDOWN_MS = 30_000;
/** What the kernel asks the provider for: who the person is, and a refresh token to ask again later. */
const SCOPES = 'openid email profile offline_access';

/** An issuer the kernel will talk to: https, or http only on this machine (a test or a local IdP). */
export const issuerAllowed = (url: URL): boolean =>
  url.protocol === 'https:' || (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname));

/** The issuer as a URL: https, or http only on this machine (a test or a local IdP). */
export function issuerUrl(issuer: string): URL {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    throw badRequest('auth.sso_issuer_invalid', `The issuer "${issuer}" is not a URL; copy it from the provider (https://…).`, {
      field: 'issuer',
    });
  }
  if (!issuerAllowed(url)) throw badRequest('auth.sso_issuer_invalid', 'The issuer must be an https:// URL.', { field: 'issuer' });
  return url;
}

/** Reads the issuer's discovery document (and so names its endpoints and JWKS). */
export async function discoverProvider(issuer: URL, clientId: string, clientSecret: string): Promise<DiscoveredProvider> {
  const config = await oidc.discovery(issuer, clientId, undefined, oidc.ClientSecretBasic(clientSecret), {
    timeout: PROVIDER_TIMEOUT_SECONDS,
    ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
  });
  const jwksUri = config.serverMetadata().jwks_uri;
  if (!jwksUri) throw new Error('the discovery document names no jwks_uri');
  return {
    clientId,
    config,
    jwks: createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: JWKS_COOLDOWN_MS, timeoutDuration: PROVIDER_TIMEOUT_SECONDS * 1000 }),
  };
}

export const newAttemptSecrets = (): AttemptSecrets => ({
  state: oidc.randomState(),
  nonce: oidc.randomNonce(),
  verifier: oidc.randomPKCECodeVerifier(),
});

/** Where to send the browser for an attempt. */
export async function authorizationUrl(
  provider: DiscoveredProvider,
  callbackUrl: string,
  secrets: AttemptSecrets,
  loginHint?: string,
): Promise<URL> {
  return oidc.buildAuthorizationUrl(provider.config, {
    redirect_uri: callbackUrl,
    scope: SCOPES,
    state: secrets.state,
    nonce: secrets.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(secrets.verifier),
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
  });
}

const refused = (code: string, detail: string) => new DomainError(code, 401, detail);

/** An error and its causes, as one line (openid-client wraps what oauth4webapi found). */
function causes(error: unknown): { text: string; claims: string[] } {
  const texts: string[] = [];
  const claims: string[] = [];
  for (let at: unknown = error, depth = 0; at && depth < 5; at = (at as { cause?: unknown }).cause, depth += 1) {
    if (at instanceof Error) texts.push(at.message);
    const claim = (at as { claim?: unknown }).claim;
    if (typeof claim === 'string') claims.push(claim);
  }
  return { text: texts.join(': '), claims };
}

/** Why the provider's answer was refused, in words a person (and their IT) can act on. */
function tokenCheckFailed(error: unknown): DomainError {
  if (error instanceof oidc.ResponseBodyError)
    return refused('auth.sso_code_refused', `The identity provider refused the sign-in (${error.error}); sign in again.`);
  if (error instanceof oidc.AuthorizationResponseError)
    return refused(
      'auth.sso_denied',
      `The identity provider did not sign you in (${error.error}); sign in again or ask your company's IT.`,
    );
  const { text, claims } = causes(error);
  if (claims.includes('nonce'))
    return refused('auth.sso_nonce_mismatch', 'The sign-in answer was not for this attempt (nonce mismatch); start signing in again.');
  return refused(
    'auth.sso_token_invalid',
    `The identity provider's ID token failed its checks (${text}); start signing in again, and tell your company's IT if it happens again.`,
  );
}

/**
 * The provider sent the person back to `callbackUrl`: the code is exchanged (with the PKCE
 * verifier), the ID token's claims checked (issuer, audience, expiry, state, nonce) and its signature
 * verified against the JWKS — read again at once when it names a key not seen yet (a rotation).
 */
export async function exchangeCode(
  provider: DiscoveredProvider,
  callbackUrl: URL,
  secrets: AttemptSecrets,
): Promise<{ claims: ProviderClaims; refreshToken?: string }> {
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(provider.config, callbackUrl, {
      pkceCodeVerifier: secrets.verifier,
      expectedState: secrets.state,
      expectedNonce: secrets.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw tokenCheckFailed(error);
  }
  const claims = tokens.claims() as ProviderClaims | undefined;
  const idToken = tokens.id_token;
  if (!claims || !idToken)
    throw refused('auth.sso_token_invalid', 'The identity provider sent no ID token; ask your company IT to allow OpenID Connect.');
  const verify = () => jwtVerify(idToken, provider.jwks, { issuer: provider.config.serverMetadata().issuer, audience: provider.clientId });
  try {
    await verify().catch(async (error: unknown) => {
      if (!(error instanceof joseErrors.JWKSNoMatchingKey)) throw error;
      await provider.jwks.reload();
      return verify();
    });
  } catch (error) {
    throw tokenCheckFailed(error);
  }
  return { claims, ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}) };
}

/**
 * Asks the provider again with a refresh token: `confirmed` (with the token to keep), `ended` when it
 * refuses the person (removed, disabled) or this client, `unreachable` otherwise.
 */
export async function refreshAtProvider(
  provider: DiscoveredProvider,
  refreshToken: string,
): Promise<{ outcome: 'confirmed'; refreshToken: string } | { outcome: 'ended' | 'unreachable' }> {
  try {
    const tokens = await oidc.refreshTokenGrant(provider.config, refreshToken);
    return { outcome: 'confirmed', refreshToken: tokens.refresh_token ?? refreshToken };
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError && ['invalid_grant', 'unauthorized_client', 'invalid_client'].includes(error.error))
      return { outcome: 'ended' };
    return { outcome: 'unreachable' };
  }
}
