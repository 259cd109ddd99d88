import { fileURLToPath } from 'node:url';
import type { TestKernel } from '@kits/kernel/test-kit';

/** core-sales' test payment provider: a simulated card reader `Front-1` and the bank behind it. */
export const TEST_CARD_READER = fileURLToPath(new URL('../../../../plugins/core-sales/test/fixtures/test-card-reader', import.meta.url));

/** What the test bank moved (minor units) and the calls that moved money, so a test proves "once". */
export interface CardLedger {
  readonly held: number;
  readonly captured: number;
  readonly refunded: number;
  readonly released: number;
  readonly calls: { readonly authorize: number; readonly capture: number; readonly cancel: number; readonly refund: number };
}

/** The customer at reader Front-1 taps a card: approved, or declined for a reason (the newest pending payment). */
export async function presentCard(kit: TestKernel, outcome: 'approve' | 'declined' | 'insufficient_funds' | 'expired_card'): Promise<void> {
  const answer = await kit.request('POST', '/api/v1/test-card-reader/present', { body: { outcome } });
  if (answer.status !== 200) throw new Error(`present card: ${answer.status} ${JSON.stringify(answer.body)}`);
}

export async function cardLedger(kit: TestKernel): Promise<CardLedger> {
  const answer = await kit.request<CardLedger>('GET', '/api/v1/test-card-reader/ledger');
  if (answer.status !== 200) throw new Error(`ledger: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** The card payments a till took, as core-sales records them, oldest first. */
export async function tillPayments(
  kit: TestKernel,
  deviceId: string,
): Promise<Array<{ payment_id: string; sale_id: string; tender_id: string; state: string; amount: number }>> {
  return kit.kernel.db.query(
    'select payment_id, sale_id, tender_id, state, amount::int as amount from sales.payments where device_id = $1 order by created_at, payment_id',
    [deviceId],
  );
}

/** The tenders of the till's sale with that receipt number, once the till has sent it (else none). */
export async function saleTenders(
  kit: TestKernel,
  deviceId: string,
  receiptNumber: number,
): Promise<Array<{ sale_id: string; method: string; amount: number; reference: string | null }>> {
  return kit.kernel.db.query(
    `select s.sale_id, t.method, t.amount::int as amount, t.reference
       from sales.sales s join sales.tenders t using (tenant_id, sale_id)
      where s.device_id = $1 and s.receipt_number = $2 and s.status = 'completed' order by t.tender_no`,
    [deviceId, receiptNumber],
  );
}
