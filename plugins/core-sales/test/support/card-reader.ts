import { DomainError, type Payment, type PaymentsServiceV2 } from '@kits/plugin-sdk';
import type { TestKernel } from '@kits/kernel/test-kit';

/** What the test card reader's bank moved (minor units) and the calls it carried out (replays not counted). */
export interface CardLedger {
  readonly held: number;
  readonly captured: number;
  readonly refunded: number;
  readonly released: number;
  readonly calls: { readonly authorize: number; readonly capture: number; readonly cancel: number; readonly refund: number };
}

export type ReaderOutcome = 'approve' | 'declined' | 'insufficient_funds' | 'expired_card';

/** The customer at reader Front-1: settles the named payment, or the newest pending one. */
export async function presentCard(kit: TestKernel, outcome: ReaderOutcome, paymentId?: string): Promise<Payment> {
  const answer = await kit.request<Payment>('POST', '/api/v1/test-card-reader/present', {
    body: { outcome, ...(paymentId ? { paymentId } : {}) },
  });
  if (answer.status !== 200) throw new Error(`present card: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function cardLedger(kit: TestKernel, token?: string): Promise<CardLedger> {
  const answer = await kit.request<CardLedger>('GET', '/api/v1/test-card-reader/ledger', token ? { token } : {});
  if (answer.status !== 200) throw new Error(`ledger: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * The test card reader's payments@2 service as a client of it sees it, each call in its own
 * request and transaction (as a real provider's would be); refusals come back as DomainErrors.
 */
export function cardReaderOverHttp(kit: TestKernel): PaymentsServiceV2 {
  const call = async (method: 'GET' | 'POST', url: string, body?: unknown): Promise<Payment> => {
    const answer = await kit.request<Payment & { code?: string; detail?: string }>(
      method,
      `/api/v1/test-card-reader/provider${url}`,
      body === undefined ? {} : { body },
    );
    if (answer.status >= 400) throw new DomainError(answer.body.code ?? 'unknown', answer.status, answer.body.detail ?? '');
    return answer.body;
  };
  return {
    methods: () => ['card'],
    authorize: (request) => call('POST', '/authorize', request),
    status: (paymentId) => call('GET', `/payments/${encodeURIComponent(paymentId)}`),
    cancel: (request) => call('POST', '/cancel', request),
    capture: (request) => call('POST', '/capture', request),
    refund: (request) => call('POST', '/refund', request),
  };
}

/** The next `count` provider calls of `operation` fail before they reach the bank (0 heals it). */
export async function failNextCalls(
  kit: TestKernel,
  operation: 'authorize' | 'capture' | 'cancel' | 'refund',
  count: number,
): Promise<void> {
  const answer = await kit.request('POST', '/api/v1/test-card-reader/failures', { body: { operation, count } });
  if (answer.status !== 200) throw new Error(`failures: ${answer.status} ${JSON.stringify(answer.body)}`);
}
