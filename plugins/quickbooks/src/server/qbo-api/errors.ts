/**
 * What the QuickBooks Online Accounting API and Intuit's token endpoint answer when they refuse, as
 * errors the plugin turns into accounting@1's (rejected, rate limited, not connected) or a problem.
 */

/** One entry of a `Fault`'s `Error` list, as Intuit writes it. */
export interface FaultError {
  readonly message: string;
  readonly detail: string;
  readonly code: string;
  readonly element: string | null;
}

/**
 * A `{ Fault: { Error: [{ Message, Detail, code }], type } }` answer (ValidationFault,
 * SystemFault, AuthenticationFault, …). `intuitSays` is what to show the merchant: the Detail
 * (which names the problem) or the Message.
 */
export class QboFault extends Error {
  override readonly name = 'QboFault';
  readonly status: number;
  readonly type: string;
  readonly errors: readonly FaultError[];
  readonly intuitTid: string | null;
  constructor(status: number, type: string, errors: readonly FaultError[], intuitTid: string | null) {
    super(`QuickBooks answered ${status} ${type}: ${errors.map((e) => `${e.detail || e.message} (code ${e.code})`).join('; ')}`);
    this.status = status;
    this.type = type;
    this.errors = errors;
    this.intuitTid = intuitTid;
  }

  get intuitSays(): string {
    return this.errors.map((e) => e.detail || e.message).join(' ') || `${this.type} (HTTP ${this.status})`;
  }

  get code(): string | null {
    return this.errors[0]?.code ?? null;
  }
}

/** 429 ThrottleExceeded: try again after `retryAfterSeconds` (Retry-After, or Intuit's documented minute window). */
export class QboThrottled extends Error {
  override readonly name = 'QboThrottled';
  readonly retryAfterSeconds: number;
  readonly intuitSays: string;
  constructor(retryAfterSeconds: number, intuitSays: string) {
    super(`QuickBooks is throttling requests (${intuitSays}); retry after ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
    this.intuitSays = intuitSays;
  }
}

/** The token endpoint refused a code or refresh token (`invalid_grant`, `invalid_client`): only a new connect helps. */
export class QboTokenRefused extends Error {
  override readonly name = 'QboTokenRefused';
  readonly error: string;
  readonly intuitSays: string;
  constructor(error: string, intuitSays: string) {
    super(`Intuit refused the token request (${error}): ${intuitSays}`);
    this.error = error;
    this.intuitSays = intuitSays;
  }
}

/**
 * No answer could be read (timeout, connection refused, a non-JSON body): whether QuickBooks acted
 * on the request is unknown, so a create is looked up before it is sent again.
 */
export class QboUnreachable extends Error {
  override readonly name = 'QboUnreachable';
  readonly what: string;
  constructor(what: string, cause: unknown) {
    super(`QuickBooks did not answer ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.what = what;
  }
}

type Json = Record<string, unknown>;
const text = (value: unknown): string => (typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value));

/**
 * The Fault of an error body. Intuit writes `Fault`/`Error`/`Message` in the Accounting API and
 * `fault`/`error`/`message` in some gateway answers (a 401 before the API): both are read.
 */
export function parseFault(status: number, body: unknown, intuitTid: string | null): QboFault {
  const root = (body ?? {}) as Json;
  const fault = (root.Fault ?? root.fault) as Json | undefined;
  const list = (fault?.Error ?? fault?.error) as unknown;
  const errors: FaultError[] = Array.isArray(list)
    ? list.map((entry) => {
        const e = (entry ?? {}) as Json;
        return {
          message: text(e.Message ?? e.message),
          detail: text(e.Detail ?? e.detail),
          code: text(e.code ?? e.Code),
          element: e.element === undefined ? null : text(e.element),
        };
      })
    : [];
  return new QboFault(status, text(fault?.type) || `HTTP ${status}`, errors, intuitTid);
}
