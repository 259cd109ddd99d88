import { AccountingNotConnectedError, DomainError, type TenantTransaction } from '@kits/plugin-sdk';
import { XeroClient, type AccountingApi } from 'xero-node';
import { readConnection, requireReconnect, saveRefreshedTokens, type ConnectionRow } from '../connection/connection-store.ts';
import { appCredentials, openTokens } from '../connection/credentials.ts';
import { refreshTokens, XeroGrantRefused } from '../connection/identity.ts';
import { endpoints, type XeroSettings } from '../settings.ts';
import { authMessage, rateLimitedError, rejectedError, xeroFailureOf } from './errors.ts';

/** A token this close to expiry is refreshed before a call (Xero's access tokens live 30 minutes). */
const REFRESH_MARGIN_MS = 60_000;
/** xero-node sets no timeout of its own: a call with no answer after this is given up (its outcome unknown). */
const CALL_TIMEOUT_MS = 60_000;

/** An answer that did not come, or a server error: the call's outcome is unknown and it may be tried again. */
export class XeroUnavailableError extends Error {
  override readonly name = 'XeroUnavailableError';
}

/**
 * The tenant's connected organisation, reached with the official client (`xero-node`): one
 * `XeroClient` per session (the client keeps its token per instance), its Accounting API pointed
 * at the configured base, our stored tokens set on it, refreshed (and the rotated refresh token
 * stored, in the caller's transaction) when they are about to expire or Xero answers 401.
 */
export class XeroSession {
  private readonly client = new XeroClient();
  private accessToken: string;
  private expiresAt: Date;

  private readonly tx: TenantTransaction;
  private readonly settings: XeroSettings;
  readonly connection: ConnectionRow;

  private constructor(
    tx: TenantTransaction,
    settings: XeroSettings,
    connection: ConnectionRow,
    tokens: { accessToken: string; expiresAt: Date },
  ) {
    this.tx = tx;
    this.settings = settings;
    this.connection = connection;
    this.client.accountingApi.basePath = endpoints(settings).apiBase;
    this.accessToken = tokens.accessToken;
    this.expiresAt = tokens.expiresAt;
    this.useToken();
  }

  /** The session of the tenant's connected organisation; AccountingNotConnectedError when there is none. */
  static async open(tx: TenantTransaction, settings: XeroSettings): Promise<XeroSession> {
    const connection = await readConnection(tx);
    if (!connection || connection.status !== 'connected')
      throw new AccountingNotConnectedError(
        connection?.reason ?? 'No Xero organisation is connected: connect one on the Xero page (Accounting → Xero).',
      );
    const tokens = openTokens(tx, connection);
    return new XeroSession(tx, settings, connection, {
      accessToken: tokens.accessToken,
      expiresAt: connection.accessExpiresAt ?? new Date(0),
    });
  }

  get xeroTenantId(): string {
    return this.connection.xeroTenantId;
  }

  /**
   * Runs one Accounting API call and answers its body. Xero's answers become the accounting@1
   * errors: 429 → AccountingRateLimitedError, 400 (ValidationErrors) and other refusals →
   * AccountingRejectedError, a refused refresh or 403 → AccountingNotConnectedError (the connection
   * marked `reconnect_required`); no answer or a 5xx → XeroUnavailableError.
   */
  async call<Body>(what: string, run: (api: AccountingApi, xeroTenantId: string) => Promise<{ body: Body }>): Promise<Body> {
    if (this.expiresAt.getTime() - REFRESH_MARGIN_MS <= Date.now()) await this.refresh();
    for (let attempt = 0; ; attempt++) {
      try {
        return (await withTimeout(run(this.client.accountingApi, this.xeroTenantId), what)).body;
      } catch (error) {
        if (error instanceof XeroUnavailableError) throw error;
        const failure = xeroFailureOf(error);
        if (!failure) throw error;
        if (failure.status === 401 && attempt === 0) {
          await this.refresh();
          continue;
        }
        if (failure.status === 401 || failure.status === 403) {
          const reason = `Xero refused KiTS's access to ${this.connection.organisationName} (${authMessage(failure)}): connect Xero again on the Xero page.`;
          await requireReconnect(this.tx, reason);
          throw new AccountingNotConnectedError(reason);
        }
        if (failure.status === 429) throw rateLimitedError(failure);
        if (failure.status === 0 || failure.status >= 500)
          throw new XeroUnavailableError(
            `Xero did not answer ${what} (${failure.status === 0 ? String(failure.body ?? 'no answer') : `HTTP ${failure.status}`}): its outcome is not known.`,
          );
        throw rejectedError(failure);
      }
    }
  }

  /**
   * Renews the access token when it ends within `withinMs` (the renew-tokens job keeps tokens live
   * so reads, in read-only transactions, never need to store a rotated refresh token).
   * AccountingNotConnectedError when Xero refuses (the connection is then `reconnect_required`).
   */
  async renewIfEnding(withinMs: number): Promise<boolean> {
    if (this.expiresAt.getTime() - withinMs > Date.now()) return false;
    await this.refresh();
    return true;
  }

  /**
   * A new token pair, the rotated refresh token stored at once. The row is locked first: a session
   * that finds another one already refreshed takes its tokens instead of spending the old refresh
   * token (which Xero no longer accepts).
   */
  private async refresh(): Promise<void> {
    const [mode] = await this.tx.query<{ transaction_read_only: string }>('show transaction_read_only');
    if (mode?.transaction_read_only === 'on')
      // A renewal here would rotate the refresh token without storing the new one: the connection would be lost.
      throw new DomainError(
        'xero.token_renewing',
        503,
        'The Xero access token is due for renewal, which this read-only request cannot store; KiTS renews it within five minutes. Try again shortly.',
      );
    const locked = await readConnection(this.tx, { forUpdate: true });
    if (!locked || locked.status !== 'connected')
      throw new AccountingNotConnectedError(locked?.reason ?? 'The Xero connection was ended: connect Xero again on the Xero page.');
    const stored = openTokens(this.tx, locked);
    const expiresAt = locked.accessExpiresAt ?? new Date(0);
    if (stored.accessToken !== this.accessToken && expiresAt.getTime() - REFRESH_MARGIN_MS > Date.now()) {
      this.accessToken = stored.accessToken;
      this.expiresAt = expiresAt;
      this.useToken();
      return;
    }
    try {
      const tokens = await refreshTokens(endpoints(this.settings).tokenUrl, appCredentials(this.settings), stored.refreshToken);
      await saveRefreshedTokens(this.tx, tokens);
      this.accessToken = tokens.accessToken;
      this.expiresAt = tokens.expiresAt;
      this.useToken();
    } catch (error) {
      if (!(error instanceof XeroGrantRefused)) throw error;
      const reason = `Xero refused to renew KiTS's access to ${locked.organisationName} (${error.xeroError}${error.xeroMessage ? `: ${error.xeroMessage}` : ''}): connect Xero again on the Xero page.`;
      await requireReconnect(this.tx, reason);
      throw new AccountingNotConnectedError(reason);
    }
  }

  private useToken(): void {
    this.client.setTokenSet({
      access_token: this.accessToken,
      token_type: 'Bearer',
      expires_at: Math.floor(this.expiresAt.getTime() / 1000),
    });
  }
}

async function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new XeroUnavailableError(`Xero did not answer ${what} within ${CALL_TIMEOUT_MS / 1000} s: its outcome is not known.`)),
          CALL_TIMEOUT_MS,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
