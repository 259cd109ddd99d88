import { isDomainError, type EventContext } from '@kits/plugin-sdk';

/**
 * How core-sales retries a call to the card provider that it makes from the outbox (a capture after
 * the sale, a till's refund after the sync): each retry is a new event carrying its attempt number,
 * due `notBefore` a doubling wait; after PROVIDER_ATTEMPTS failures, or at once when the provider
 * refuses (a 4xx that will not change), the call is reported to the merchant instead.
 */
export const PROVIDER_ATTEMPTS = 5;

/** What a retried call's event carries besides its own fields. */
export interface RetriedCall {
  /** 1 for the first try; each retry is a new event, so the attempts are counted even as the provider fails. */
  readonly attempt?: number;
  /** A retry waits until then (the bus delivers it again with its own backoff meanwhile). */
  readonly notBefore?: string;
}

/** The wait before retry `attempt` (2 → 250 ms, 3 → 500 ms, … doubling). */
const retryDelayMs = (attempt: number) => 250 * 2 ** (attempt - 2);

/** The retry fields of the event for `attempt` (none for the first). */
export function retryFields(attempt: number): { attempt: number; notBefore?: string } {
  return { attempt, ...(attempt > 1 ? { notBefore: new Date(Date.now() + retryDelayMs(attempt)).toISOString() } : {}) };
}

/** Throws (so the bus delivers the event again later) while a retry is not due yet. */
export function waitUntilDue(call: RetriedCall, what: string): void {
  if (call.notBefore && Date.now() < Date.parse(call.notBefore)) throw new Error(`${what} is due at ${call.notBefore}; not yet`);
}

export type ProviderOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly final: boolean; readonly problem: string; readonly attempt: number };

/** Runs one attempt of a provider call and says whether a failure is worth another. */
export async function attemptProviderCall<T>(
  context: Pick<EventContext, 'log'>,
  call: RetriedCall & { readonly paymentId: string },
  what: string,
  work: () => Promise<T>,
): Promise<ProviderOutcome<T>> {
  const attempt = call.attempt ?? 1;
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    const final = (isDomainError(error) && error.status < 500) || attempt >= PROVIDER_ATTEMPTS;
    const said = isDomainError(error) ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
    // Set inside a sentence of the merchant's message: its own full stop would double.
    const problem = said.replace(/[.\s]+$/, '');
    context.log.warn(
      { err: error, paymentId: call.paymentId, attempt },
      final ? `card ${what} failed for good` : `card ${what} failed; will retry`,
    );
    return { ok: false, final, problem, attempt };
  }
}

/** "after 3 attempts" */
export const attemptsText = (attempt: number) => `after ${attempt} attempt${attempt === 1 ? '' : 's'}`;
