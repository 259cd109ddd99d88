import { sessionMay } from '@kits/plugin-sdk/till';
import type { TillPricing } from '../checkout/checkout-machine.ts';
import { overRefundLimit, REFUND_OVER_LIMIT } from '../checkout/refund-limit.ts';
import { WITHOUT_RECEIPT } from '../checkout/without-receipt-approval.ts';
import type { SalesTill } from '../sales-till.ts';

/**
 * What a return gives back, and what a manager approves of it for this cashier: a return without a
 * receipt (`withoutReceipt`) the cashier may not take alone, a refund above the shop's refund limit.
 */
export function RefundDue({
  till,
  pricing,
  fmt,
  label,
  amount,
  withoutReceipt = false,
}: {
  till: Pick<SalesTill, 'session'>;
  pricing: Pick<TillPricing, 'refundLimit'>;
  fmt: (amount: number) => string;
  label: string;
  amount: number;
  withoutReceipt?: boolean;
}) {
  const overLimit = overRefundLimit(amount, pricing) && !sessionMay(till.session, REFUND_OVER_LIMIT);
  const noReceipt = withoutReceipt && !sessionMay(till.session, WITHOUT_RECEIPT);
  const needs = managerApproves(noReceipt, overLimit ? fmt(pricing.refundLimit!) : undefined);
  return (
    <>
      <p class="refund-due" data-testid="refund-due">
        {label}: {fmt(amount)}
      </p>
      {needs && (
        <p class="refund-approval" data-testid="refund-approval">
          {needs}
        </p>
      )}
    </>
  );
}

/** What the return panel says a manager approves: the return without a receipt, the amount above the limit, or both. */
function managerApproves(noReceipt: boolean, limit: string | undefined): string | undefined {
  if (noReceipt && limit) return `Without a receipt and above the refund limit of ${limit}: a manager approves both.`;
  if (noReceipt) return 'Without a receipt: a manager approves it.';
  if (limit) return `Above the refund limit of ${limit}: a manager approves it.`;
  return undefined;
}
