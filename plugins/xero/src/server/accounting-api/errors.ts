import { AccountingRateLimitedError, AccountingRejectedError } from '@kits/plugin-sdk';

/**
 * What a xero-node call's rejection says. The generated client rejects with a JSON *string* of
 * `{ response: { statusCode, body, headers }, body }` for HTTP failures (statusCode 0 when no answer
 * came), or with an Error of its own (a required parameter missing).
 */
export interface XeroFailure {
  /** 0: no answer (connection reset, timeout). */
  readonly status: number;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export function xeroFailureOf(rejection: unknown): XeroFailure | undefined {
  let value: unknown = rejection;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  if (!value || typeof value !== 'object' || !('response' in value)) return undefined;
  const response = (value as { response?: { statusCode?: unknown; status?: unknown; body?: unknown; data?: unknown; headers?: unknown } })
    .response;
  if (!response || typeof response !== 'object') return undefined;
  const status = Number(response.statusCode ?? response.status ?? 0);
  const headers: Record<string, string> = {};
  if (response.headers && typeof response.headers === 'object')
    for (const [name, header] of Object.entries(response.headers as Record<string, unknown>))
      if (header !== undefined && header !== null) headers[name.toLowerCase()] = String(header);
  return {
    status: Number.isFinite(status) ? status : 0,
    body: response.body ?? response.data ?? (value as { body?: unknown }).body,
    headers,
  };
}

/** Xero's `X-Rate-Limit-Problem` names which limit was hit; KiTS shows the daily one as `daily`. */
const LIMIT_NAMES: Readonly<Record<string, string>> = { day: 'daily', minute: 'minute', appminute: 'app minute', concurrent: 'concurrent' };
/** When Xero gives no Retry-After, a minute. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** A 429: how long Xero asks KiTS to wait, and which of its limits (minute, daily, app minute, concurrent) it was. */
export function rateLimitedError(failure: XeroFailure): AccountingRateLimitedError {
  const seconds = Number.parseInt(failure.headers['retry-after'] ?? '', 10);
  const problem = (failure.headers['x-rate-limit-problem'] ?? '').toLowerCase();
  return new AccountingRateLimitedError(
    Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS,
    LIMIT_NAMES[problem] ?? (problem || 'minute'),
  );
}

/**
 * A refusal in Xero's envelope: `{ ErrorNumber, Type: "ValidationException", Message, Elements: [{ …,
 * ValidationErrors: [{ Message }] }] }` — every validation message (of the elements and of their
 * lines) joined, or the envelope's Message / Detail when it has none.
 */
export function rejectedError(failure: XeroFailure): AccountingRejectedError {
  const body = failure.body;
  const messages = new Set<string>();
  collectValidationMessages(body, messages, 0);
  const envelope = (body && typeof body === 'object' ? body : {}) as {
    Type?: unknown;
    Message?: unknown;
    Detail?: unknown;
    Title?: unknown;
  };
  const type = typeof envelope.Type === 'string' ? envelope.Type : null;
  const text =
    messages.size > 0
      ? [...messages].join('; ')
      : typeof envelope.Detail === 'string'
        ? envelope.Detail
        : typeof envelope.Message === 'string'
          ? envelope.Message
          : typeof body === 'string' && body.trim()
            ? body.trim().slice(0, 500)
            : `Xero answered ${failure.status}`;
  return new AccountingRejectedError(text, type);
}

function collectValidationMessages(value: unknown, into: Set<string>, depth: number): void {
  if (depth > 6 || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) collectValidationMessages(item, into, depth + 1);
    return;
  }
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'ValidationErrors' && Array.isArray(child)) {
      for (const error of child)
        if (error && typeof error === 'object' && typeof (error as { Message?: unknown }).Message === 'string')
          into.add((error as { Message: string }).Message);
    } else if (typeof child === 'object') collectValidationMessages(child, into, depth + 1);
  }
}

/** Words for the merchant from a 401/403 answer (Xero's `Detail` or `Title`). */
export function authMessage(failure: XeroFailure): string {
  const body = (failure.body && typeof failure.body === 'object' ? failure.body : {}) as Record<string, unknown>;
  for (const key of ['Detail', 'detail', 'Title', 'title', 'Message'] as const)
    if (typeof body[key] === 'string' && body[key]) return body[key] as string;
  return failure.status === 403
    ? 'Xero no longer lets KiTS reach this organisation (AuthorizationUnsuccessful).'
    : 'Xero refused the access token.';
}
