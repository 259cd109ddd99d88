/**
 * The signed-in cashier's access token. Access tokens are short-lived and a till signed in
 * offline has none: `renew()` gets a fresh one (the app signs in again with the PIN it holds for
 * the session), once however many requests ask at the same time.
 */
export interface TokenSource {
  token(): string | undefined;
  renew(): Promise<string>;
}

export class RenewableToken implements TokenSource {
  #token: string | undefined;
  readonly #renew: () => Promise<string>;
  #renewing: Promise<string> | undefined;

  constructor(token: string | undefined, renew: () => Promise<string>) {
    this.#token = token;
    this.#renew = renew;
  }

  token(): string | undefined {
    return this.#token;
  }

  renew(): Promise<string> {
    this.#renewing ??= this.#renew()
      .then((token) => (this.#token = token))
      .finally(() => (this.#renewing = undefined));
    return this.#renewing;
  }
}

/** A token that cannot be renewed (tests, API keys): a 401 stays a 401. */
export function fixedToken(token: string): TokenSource {
  return {
    token: () => token,
    renew: () => Promise.reject(new Error('This access token cannot be renewed: sign in again.')),
  };
}
