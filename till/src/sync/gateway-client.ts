import { TillOfflineError, type TillApi } from '@kits/plugin-sdk/till';
import type { TokenSource } from '../auth/access-token.ts';

/** How the till reaches the kernel: its base URL and the signed-in cashier's access token. */
export interface GatewayClient extends TillApi {
  /** A POST as the cashier with extra headers (`Kits-Approval`: a manager's approval the request spends). */
  post<Result>(path: string, body: unknown, options?: { readonly headers?: Readonly<Record<string, string>> }): Promise<Result>;
  /** A PUT as the cashier (the back office's settings forms); failures as `get`'s. */
  put<Result>(path: string, body: unknown): Promise<Result>;
  /** The live stream's WebSocket URL and the subprotocols that carry the token (renewed first when asked). */
  liveSocket(options?: { renew?: boolean }): Promise<{ url: string; protocols: string[] }>;
}

/** One field a problem names (`settings.apiKey`) and what is wrong with it. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

/** The kernel answered with a problem (4xx/5xx): its status, code and detail, the fields it names, and the whole problem (its extensions). */
export class GatewayError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly errors: readonly FieldProblem[];
  readonly problem: Readonly<Record<string, unknown>>;
  constructor(status: number, code: string | undefined, message: string, problem: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.name = 'GatewayError';
    this.status = status;
    this.code = code;
    this.errors = Array.isArray(problem.errors) ? (problem.errors as FieldProblem[]) : [];
    this.problem = problem;
  }
}

/** The body as JSON; an error answer that is not JSON (a proxy's HTML page) reads as an empty problem. */
function parseOr(text: string, ok: boolean): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    if (ok) throw error;
    return {};
  }
}

/** The problem+json answer of a failed request, as a GatewayError. */
export function problemError(status: number, statusText: string, body: Record<string, unknown>): GatewayError {
  return new GatewayError(status, body.code as string | undefined, String(body.detail ?? statusText), body);
}

const offline = (failure: Error) => new TillOfflineError(`The server cannot be reached (${failure.message}): this needs the network.`);

/**
 * Requests as the signed-in cashier. Without a token (signed in offline), or when the kernel
 * refuses the token (401 with WWW-Authenticate: it expired), the token is renewed once and the request sent again.
 */
export function gatewayClient(baseUrl: string, tokens: TokenSource, fetchImpl: typeof fetch = fetch): GatewayClient {
  const currentToken = async (): Promise<string> => {
    const token = tokens.token();
    if (token) return token;
    return tokens.renew().catch((failure: Error) => {
      throw failure instanceof TypeError ? offline(failure) : failure;
    });
  };
  const send = async (
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body: unknown,
    token: string,
    extra: Readonly<Record<string, string>>,
  ) => {
    const headers: Record<string, string> = { ...extra, authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetchImpl(`${baseUrl}${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) }).catch(
      (failure: Error) => {
        throw offline(failure);
      },
    );
  };
  async function request<Body>(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    headers: Readonly<Record<string, string>> = {},
  ): Promise<Body> {
    const token = await currentToken();
    let response = await send(method, path, body, token, headers);
    // The token expired (the kernel says so in WWW-Authenticate): renew it. A 401 without it is the
    // request's own (a manager's wrong PIN): sending it again would count twice.
    if (response.status === 401 && response.headers.get('www-authenticate')) {
      const renewed = await tokens.renew().catch(() => undefined);
      if (renewed) response = await send(method, path, body, renewed, headers);
    }
    const text = await response.text();
    // A proxy in the way may answer an error in HTML: its status still counts.
    const parsed = text ? parseOr(text, response.ok) : {};
    if (!response.ok) throw problemError(response.status, response.statusText, parsed);
    return parsed as Body;
  }
  return {
    get: (path) => request('GET', path),
    post: (path, body, options) => request('POST', path, body, options?.headers),
    put: (path, body) => request('PUT', path, body),
    async liveSocket(options) {
      const token = options?.renew ? await tokens.renew() : await currentToken();
      return { url: `${baseUrl.replace(/^http/, 'ws')}/api/v1/sync/live`, protocols: ['kits.sync.v1', `bearer.${token}`] };
    },
  };
}
