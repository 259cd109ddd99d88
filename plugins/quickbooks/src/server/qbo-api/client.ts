import { parseFault, QboFault, QboThrottled, QboUnreachable } from './errors.ts';

/** The Accounting API minor version every request names (Intuit retired those before 75). */
export const MINOR_VERSION = '75';

/** Intuit's documented throttle window: when a 429 carries no Retry-After, wait the minute out. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** Largest page Intuit's query answers (MAXRESULTS). */
const QUERY_PAGE = 1000;

/**
 * How the client gets a bearer token: `current()` before each request, `renew()` once after a 401
 * (a refresh that stores the rotated refresh token; it throws when Intuit refuses it).
 */
export interface QboAuth {
  current(): Promise<string>;
  renew(): Promise<string>;
}

export interface QboClientOptions {
  /** `https://quickbooks.api.intuit.com`, the sandbox's, or a double's. */
  readonly apiBase: string;
  readonly realmId: string;
  readonly auth: QboAuth;
  readonly timeoutMs: number;
}

/**
 * A small typed client of the QuickBooks Online Accounting API (v3): one company (realm), JSON,
 * `minorversion` always, a time limit per request, Faults as `QboFault`, 429 as `QboThrottled`,
 * a 401 answered by one token renewal. No global state: every tenant builds its own.
 */
export class QboClient {
  private readonly options: QboClientOptions;
  constructor(options: QboClientOptions) {
    this.options = options;
  }

  get realmId(): string {
    return this.options.realmId;
  }

  /** `GET /v3/company/{realmId}/{path}`. */
  get<T>(path: string): Promise<T> {
    return this.send<T>('GET', path, {});
  }

  /** `POST /v3/company/{realmId}/{path}` with a JSON body (text: amounts are written as exact decimals). */
  post<T>(path: string, jsonBody: string, params: Readonly<Record<string, string>> = {}): Promise<T> {
    return this.send<T>('POST', path, params, jsonBody);
  }

  /**
   * Every row of `select * from <Entity> …` (`statement` without paging), page by page
   * (STARTPOSITION/MAXRESULTS) until a page comes back short.
   */
  async queryAll<Row>(entity: string, statement: string): Promise<Row[]> {
    const rows: Row[] = [];
    for (let start = 1; ; start += QUERY_PAGE) {
      const page = await this.query<Row>(entity, `${statement} STARTPOSITION ${start} MAXRESULTS ${QUERY_PAGE}`);
      rows.push(...page);
      if (page.length < QUERY_PAGE) return rows;
    }
  }

  /** One query (`GET …/query?query=`): the `QueryResponse`'s list of `entity` (empty when none matched). */
  async query<Row>(entity: string, statement: string): Promise<Row[]> {
    const answer = await this.send<{ QueryResponse?: Record<string, unknown> }>('GET', 'query', { query: statement });
    const list = answer.QueryResponse?.[entity];
    return Array.isArray(list) ? (list as Row[]) : [];
  }

  private async send<T>(method: 'GET' | 'POST', path: string, params: Readonly<Record<string, string>>, body?: string): Promise<T> {
    const url = new URL(`${this.options.apiBase}/v3/company/${encodeURIComponent(this.options.realmId)}/${path}`);
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    url.searchParams.set('minorversion', MINOR_VERSION);
    let token = await this.options.auth.current();
    for (let attempt = 0; ; attempt++) {
      const response = await this.fetch(url, method, token, body);
      if (response.status === 401 && attempt === 0) {
        await response.body?.cancel();
        token = await this.options.auth.renew();
        continue;
      }
      return this.read<T>(response, `${method} ${url.pathname}`);
    }
  }

  private async fetch(url: URL, method: string, token: string, body: string | undefined): Promise<Response> {
    try {
      return await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body } : {}),
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      throw new QboUnreachable(`${method} ${url.pathname}`, error);
    }
  }

  private async read<T>(response: Response, what: string): Promise<T> {
    let parsed: unknown;
    try {
      const text = await response.text();
      parsed = text === '' ? {} : JSON.parse(text);
    } catch (error) {
      // A body cut off by the time limit, or HTML from a gateway: nothing tells what happened.
      if (response.ok) throw new QboUnreachable(what, error);
      parsed = {};
    }
    const tid = response.headers.get('intuit_tid');
    if (response.status === 429) {
      const fault = parseFault(429, parsed, tid);
      throw new QboThrottled(
        retryAfterSeconds(response.headers.get('retry-after')),
        fault.errors.length ? fault.intuitSays : 'ThrottleExceeded',
      );
    }
    if (!response.ok) throw parseFault(response.status, parsed, tid);
    // A 200 may still carry a Fault (Intuit documents this for batch and some validation answers).
    if (parsed && typeof parsed === 'object' && ('Fault' in parsed || 'fault' in parsed)) throw parseFault(400, parsed, tid);
    return parsed as T;
  }
}

/** Retry-After in seconds or as an HTTP date; Intuit's minute window when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number {
  if (!header) return DEFAULT_RETRY_AFTER_SECONDS;
  if (/^\d+$/.test(header.trim())) return Math.max(1, Number(header.trim()));
  const at = Date.parse(header);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_SECONDS : Math.max(1, Math.ceil((at - now) / 1000));
}

export { QboFault };
