import type { SalesSettings } from '../settings.ts';
import { requestCapture } from './capture.ts';
import { cancelPayment, type PaymentScope } from './payment-calls.ts';
import { readPayment } from './payment-rows.ts';

/** Payments the reconciliation looks at in one run (the rest wait for the next minute). */
const BATCH = 100;

/**
 * The card payments reconciliation (every minute, and on demand): an `authorized` payment whose sale
 * completed with it but was never captured (the kernel died between commit and capture) gets its
 * capture requested again; a `pending` or `authorized` payment that pays no completed sale, older
 * than `cardHoldGraceMinutes` (a till that died mid-payment), is canceled. The providers' keys make
 * each happen once, whoever runs it.
 */
export async function reconcileCardPayments(
  scope: PaymentScope,
  settings: SalesSettings,
  now: Date,
): Promise<{ captureRequested: number; canceled: number }> {
  const { tx } = scope;
  const graceStart = new Date(now.getTime() - settings.cardHoldGraceMinutes * 60_000);
  // A capture in flight has an event on its way: only those untouched for a minute are asked again.
  const quiet = new Date(now.getTime() - 60_000);
  const rows = await tx.query<{ payment_id: string; in_sale: boolean; stale: boolean; quiet: boolean }>(
    `select p.payment_id,
            exists (select 1 from sales.tenders t join sales.sales s on s.tenant_id = t.tenant_id and s.sale_id = t.sale_id
                     where t.sale_id = p.sale_id and t.reference = p.payment_id and s.status = 'completed') as in_sale,
            p.created_at < $1 as stale, p.updated_at < $2 as quiet
       from sales.payments p
      where p.state in ('pending', 'authorized') and p.capture_problem is null and p.created_at < $3
      order by p.created_at limit ${BATCH}`,
    [graceStart, quiet, now],
  );
  let captureRequested = 0;
  let canceled = 0;
  for (const candidate of rows) {
    const row = await readPayment(tx, candidate.payment_id, true);
    if (!row || (row.state !== 'pending' && row.state !== 'authorized')) continue;
    if (candidate.in_sale) {
      if (row.state !== 'authorized' || !candidate.quiet) continue;
      await tx.query('update sales.payments set updated_at = now() where payment_id = $1', [row.payment_id]);
      await requestCapture(scope, row);
      captureRequested++;
    } else if (candidate.stale) {
      await cancelPayment(scope, row, 'abandoned');
      await tx.audit('sales.payment.canceled', { paymentId: row.payment_id, saleId: row.sale_id, why: 'abandoned' });
      canceled++;
    }
  }
  return { captureRequested, canceled };
}
