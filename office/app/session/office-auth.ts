import { OfficeApiError, type ProblemDetails } from '@kits/plugin-sdk/office';
import { startAuthentication, type PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';

/** The tokens of a signed-in person, as the kernel's `POST /api/v1/auth/login` answers them. */
interface Tokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch ms after which the access token is refreshed before use. */
  readonly refreshAt: number;
  /** The shop (tenant slug) signed in to, remembered for the next sign-in. */
  readonly tenant: string;
}

interface TokenAnswer {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
}

/** Which shop signs in the people of an e-mail domain with their company account, and where that sign-in starts. */
export interface CompanySignIn {
  readonly tenant: string;
  readonly tenantName: string;
  readonly providerName: string;
  readonly startUrl: string;
}

/** A new authenticator's secret, as text to type and as an `otpauth://` link an authenticator app opens. */
export interface AuthenticatorSetup {
  readonly secret: string;
  readonly otpauthUri: string;
}

/** What proves the second factor: a code from the authenticator app, or one of the recovery codes. */
export type SecondFactorProof = { readonly code: string } | { readonly recoveryCode: string };

const STORE_KEY = 'kits-office-session';
const LAST_SHOP_KEY = 'kits-office-shop';
/** Refresh this long before the access token expires, so a request never leaves with a dead one. */
const REFRESH_MARGIN_MS = 30_000;

/** An answer that is not JSON (a proxy's error page) or no answer at all, as a problem a person can act on. */
export function networkProblem(what: string, detail: string, status = 0): ProblemDetails {
  return {
    type: 'https://kits-pos.dev/problems/office.unreachable',
    title: 'Unreachable',
    status,
    code: 'office.unreachable',
    detail: `${what}: ${detail}`,
  };
}

/** Reads a refused answer as its problem+json, or makes one from the status. */
export async function problemOf(response: Response): Promise<ProblemDetails> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as ProblemDetails;
    if (typeof body.detail === 'string' && typeof body.code === 'string') return body;
  } catch {
    // not JSON: described below
  }
  return networkProblem('The server answered', `${response.status} ${response.statusText || 'with no JSON problem'}`, response.status);
}

/**
 * The person's sign-in to the back office: e-mail and password for a shop (tenant), then a second
 * factor when the shop asks for one, or a company account (single sign-on); tokens kept
 * in this browser (localStorage, so a reload stays signed in), the access token refreshed before it
 * expires — one refresh at a time, because a refresh token works once (the kernel treats reuse as theft).
 */
export class OfficeAuth {
  private tokens: Tokens | undefined;
  private refreshing: Promise<Tokens> | undefined;
  private readonly signedOutListeners = new Set<() => void>();

  private readonly storage: Storage;

  constructor(storage: Storage = localStorage) {
    this.storage = storage;
    const saved = storage.getItem(STORE_KEY);
    if (saved) {
      try {
        this.tokens = JSON.parse(saved) as Tokens;
      } catch {
        storage.removeItem(STORE_KEY);
      }
    }
  }

  get signedIn(): boolean {
    return this.tokens !== undefined;
  }

  /** The shop last signed in to on this browser (the sign-in form fills it in). */
  get lastShop(): string {
    return this.storage.getItem(LAST_SHOP_KEY) ?? '';
  }

  /**
   * Signs in with a password. A person who must also give a second factor is refused with the
   * problem that says so and carries the `challenge` the next step sends
   * (`auth.second_factor_required`, `auth.second_factor_enrolment_required`).
   */
  async signIn(tenant: string, email: string, password: string): Promise<void> {
    const answer = await this.post<TokenAnswer>('/api/v1/auth/login', { tenant, email, password });
    this.keep(answer, tenant);
  }

  /**
   * Ends a password sign-in with the second factor. Right after an enrolment the answer carries the
   * new recovery codes, shown once; they are returned here and never stored.
   */
  async signInWithSecondFactor(tenant: string, challenge: string, proof: SecondFactorProof): Promise<{ recoveryCodes?: string[] }> {
    const answer = await this.post<TokenAnswer & { recoveryCodes?: string[] }>('/api/v1/auth/login/second-factor', {
      challenge,
      ...proof,
    });
    this.keep(answer, tenant);
    return answer.recoveryCodes ? { recoveryCodes: answer.recoveryCodes } : {};
  }

  /** A new authenticator for a person the shop makes enrol at this sign-in (`auth.second_factor_enrolment_required`). */
  async enrolAtSignIn(challenge: string): Promise<AuthenticatorSetup> {
    return this.post<AuthenticatorSetup>('/api/v1/auth/login/enrolment', { challenge });
  }

  /** Which shop signs in `email` with a company account (404 `auth.sso_unknown_domain`: none). */
  async findCompanySignIn(email: string): Promise<CompanySignIn> {
    return this.send<CompanySignIn>('GET', `/api/v1/auth/sso/discover?${new URLSearchParams({ email })}`);
  }

  /** Exchanges the one-time code the kernel's SSO callback sent the browser back with for the session. */
  async completeCompanySignIn(code: string): Promise<void> {
    const answer = await this.post<TokenAnswer & { tenant: string }>('/api/v1/auth/sso/complete', { code });
    this.keep(answer, answer.tenant);
  }

  /**
   * Signs in with a passkey: the kernel's challenge, the browser's passkey prompt (it names the
   * account, so no shop or e-mail is typed), the kernel's check. Cancelled by the person: nothing.
   */
  async signInWithPasskey(): Promise<void> {
    const options = await this.post<PublicKeyCredentialRequestOptionsJSON>('/api/v1/auth/passkeys/sign-in/options', {});
    let response;
    try {
      response = await startAuthentication({ optionsJSON: options });
    } catch (error) {
      throw new OfficeApiError(networkProblem('No passkey answered', `${(error as Error).message}`, 400));
    }
    const answer = await this.post<TokenAnswer & { tenant: string }>('/api/v1/auth/passkeys/sign-in', { response });
    this.keep(answer, answer.tenant);
  }

  /** Ends the session here and on the kernel (best effort: the tokens are dropped either way). */
  async signOut(): Promise<void> {
    const tokens = this.tokens;
    this.forget();
    if (tokens)
      await fetch('/api/v1/auth/logout', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.accessToken}` },
        body: JSON.stringify({ refreshToken: tokens.refreshToken }),
      }).catch(() => undefined);
  }

  /** Called when the session ends without the person asking (refresh refused): the shell shows the sign-in. */
  onSignedOut(listener: () => void): () => void {
    this.signedOutListeners.add(listener);
    return () => this.signedOutListeners.delete(listener);
  }

  /** A current access token; refreshed first when it is about to expire (or `force`). */
  async accessToken(force = false): Promise<string> {
    const tokens = this.tokens;
    if (!tokens) throw new OfficeApiError(networkProblem('Not signed in', 'sign in to the back office again', 401));
    if (!force && Date.now() < tokens.refreshAt) return tokens.accessToken;
    this.refreshing ??= this.refresh(tokens).finally(() => (this.refreshing = undefined));
    return (await this.refreshing).accessToken;
  }

  private async refresh(tokens: Tokens): Promise<Tokens> {
    try {
      const answer = await this.post<TokenAnswer>('/api/v1/auth/refresh', { refreshToken: tokens.refreshToken });
      return this.keep(answer, tokens.tenant);
    } catch (error) {
      if (error instanceof OfficeApiError && error.status >= 400 && error.status < 500) {
        this.forget();
        for (const listener of this.signedOutListeners) listener();
      }
      throw error;
    }
  }

  private keep(answer: TokenAnswer, tenant: string): Tokens {
    const tokens: Tokens = {
      accessToken: answer.accessToken,
      refreshToken: answer.refreshToken,
      refreshAt: Date.now() + answer.expiresIn * 1000 - REFRESH_MARGIN_MS,
      tenant,
    };
    this.tokens = tokens;
    this.storage.setItem(STORE_KEY, JSON.stringify(tokens));
    this.storage.setItem(LAST_SHOP_KEY, tenant);
    return tokens;
  }

  private forget(): void {
    this.tokens = undefined;
    this.storage.removeItem(STORE_KEY);
  }

  private post<Result>(path: string, body: unknown): Promise<Result> {
    return this.send<Result>('POST', path, body);
  }

  private async send<Result>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Result> {
    let response: Response;
    try {
      response = await fetch(
        path,
        body === undefined ? { method } : { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
    } catch (error) {
      throw new OfficeApiError(networkProblem('The server cannot be reached', (error as Error).message));
    }
    if (!response.ok) throw new OfficeApiError(await problemOf(response));
    return (await response.json()) as Result;
  }
}
