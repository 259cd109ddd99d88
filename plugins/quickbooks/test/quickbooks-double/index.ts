import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sampleCompany, type DoubleCompany } from './company.ts';
import { authenticationFault, fault, now, throttled, businessValidation, type DoubleAnswer } from './faults.ts';
import { createJournalEntry } from './journal-entries.ts';
import { OAuthServer } from './oauth.ts';
import { answerQuery, companyInfo } from './query.ts';

/**
 * A local HTTP double of the QuickBooks Online Accounting API subset KiTS uses and of Intuit's OAuth
 * 2.0 endpoints, written from Intuit's public docs (see README.md). It refuses what QuickBooks
 * refuses: no bearer token or a dead one (401), a minorversion missing or retired, unknown
 * properties, unknown or inactive accounts, an unbalanced entry, a DocNumber past 21 characters.
 */
export interface QuickBooksDoubleOptions {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly realmId?: string;
  readonly companyName?: string;
  readonly currency?: string;
  /** How long access tokens live (Intuit: 3600 s). */
  readonly accessTtlSeconds?: number;
  /** How long a `timeout_after_store` answer is held back: longer than the client waits. */
  readonly slowAnswerMs?: number;
  /** Retry-After of a 429. */
  readonly retryAfterSeconds?: number;
}

export type FailureKind = 'rate_limit' | 'timeout_after_store' | 'validation' | 'revoked';

/** What the double was asked (for assertions on what the client sent). */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

export interface QuickBooksDouble {
  /** `http://127.0.0.1:<port>`: the Accounting API base (settings.apiBase). */
  readonly apiBase: string;
  readonly tokenUrl: string;
  readonly authorizeUrl: string;
  readonly realmId: string;
  readonly company: DoubleCompany;
  readonly oauth: OAuthServer;
  readonly requests: SeenRequest[];
  /** The next request (of its kind) fails this way: the contract kit's control. */
  failNextWith(kind: FailureKind): void;
  journalsStored(): Promise<number>;
  close(): Promise<void>;
}

/** The oldest minor version Intuit still serves (older ones were retired in 2025). */
const OLDEST_MINOR_VERSION = 75;
/** Intuit's limit on a requestid. */
const REQUEST_ID_LENGTH = 50;

export async function startQuickBooksDouble(options: QuickBooksDoubleOptions): Promise<QuickBooksDouble> {
  const realmId = options.realmId ?? '9341453908017460';
  const company = sampleCompany({ realmId, companyName: options.companyName ?? 'Front Street Goods', currency: options.currency ?? 'EUR' });
  const oauth = new OAuthServer({
    clientId: options.clientId,
    clientSecret: options.clientSecret,
    realmId,
    accessTtlSeconds: options.accessTtlSeconds ?? 3600,
  });
  const requests: SeenRequest[] = [];
  /** requestid → the answer QuickBooks gave it (a repeat gets the same answer and creates nothing). */
  const answered = new Map<string, DoubleAnswer>();
  const pending = new Set<FailureKind>();
  const slowAnswerMs = options.slowAnswerMs ?? 2500;

  async function api(method: string, path: string, query: URLSearchParams, request: IncomingMessage, raw: string): Promise<DoubleAnswer> {
    const minor = query.get('minorversion');
    if (!minor || !/^\d+$/.test(minor) || Number(minor) < OLDEST_MINOR_VERSION)
      return fault(
        400,
        'ValidationFault',
        '2020',
        'Required param missing, need to supply the required value for the API',
        `minorversion ${minor ?? '(none)'}: send minorversion=${OLDEST_MINOR_VERSION} or later (earlier minor versions were retired)`,
        'minorversion',
      );
    const bearerProblem = oauth.checkBearer(request.headers.authorization);
    if (bearerProblem) return authenticationFault(bearerProblem);
    const match = /^\/v3\/company\/([^/]+)\/(.+)$/.exec(path);
    if (!match || match[1] !== realmId)
      return fault(
        403,
        'AuthorizationFault',
        '3100',
        'message=ApplicationAuthorizationFailed; errorCode=003100; statusCode=403',
        `The token does not give access to company ${match?.[1] ?? '(none)'}.`,
      );
    if (pending.delete('rate_limit')) return throttled(options.retryAfterSeconds ?? 7);
    const resource = match[2]!;
    if (method === 'GET' && resource === `companyinfo/${realmId}`)
      return { status: 200, body: { CompanyInfo: companyInfo(company), time: now() } };
    if (method === 'GET' && resource === 'query') return answerQuery(company, query.get('query') ?? '');
    if (method === 'POST' && resource === 'journalentry') return postJournalEntry(query, request, raw);
    return fault(400, 'ValidationFault', '4001', 'Unsupported Operation', `${method} ${resource} is not an operation of this double.`);
  }

  async function postJournalEntry(query: URLSearchParams, request: IncomingMessage, raw: string): Promise<DoubleAnswer> {
    if (!request.headers['content-type']?.startsWith('application/json'))
      return fault(415, 'ValidationFault', '2000', 'Unsupported Media Type', 'Content-Type must be application/json.');
    const requestId = query.get('requestid');
    if (requestId !== null && (requestId.length === 0 || requestId.length > REQUEST_ID_LENGTH))
      return fault(
        400,
        'ValidationFault',
        '2050',
        'Invalid requestid',
        `requestid must be 1 to ${REQUEST_ID_LENGTH} characters.`,
        'requestid',
      );
    const repeat = requestId === null ? undefined : answered.get(requestId);
    if (repeat) return repeat;
    if (pending.delete('validation'))
      return businessValidation(
        'The accounting period is closed for this date: change the closing date or the transaction date.',
        'TxnDate',
      );
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return fault(400, 'ValidationFault', '2000', 'Request has invalid or unsupported property', 'The request body is not JSON.');
    }
    const answer = createJournalEntry(company, body);
    if (requestId !== null && answer.status === 200) answered.set(requestId, answer);
    if (answer.status === 200 && pending.delete('timeout_after_store')) await new Promise((resolve) => setTimeout(resolve, slowAnswerMs));
    return answer;
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://double');
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const method = request.method ?? 'GET';
    let answer: DoubleAnswer;
    if (method === 'GET' && url.pathname === '/connect/oauth2') answer = oauth.authorize(url.searchParams);
    else if (method === 'POST' && url.pathname === '/oauth2/v1/tokens/bearer')
      answer = oauth.token(request.headers.authorization, request.headers['content-type'], raw);
    else if (url.pathname.startsWith('/v3/company/')) answer = await api(method, url.pathname, url.searchParams, request, raw);
    else answer = { status: 404, body: { error: 'not_found' } };
    requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), status: answer.status });
    if (response.destroyed) return;
    response.writeHead(answer.status, {
      ...(answer.body === '' ? {} : { 'content-type': 'application/json;charset=UTF-8' }),
      intuit_tid: `double-${requests.length}`,
      ...answer.headers,
    });
    response.end(answer.body === '' ? '' : JSON.stringify(answer.body));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: String(error) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiBase: base,
    tokenUrl: `${base}/oauth2/v1/tokens/bearer`,
    authorizeUrl: `${base}/connect/oauth2`,
    realmId,
    company,
    oauth,
    requests,
    failNextWith(kind) {
      if (kind === 'revoked') oauth.revokeAll();
      else pending.add(kind);
    },
    journalsStored: async () => company.journalEntries.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
