import { sessionMay } from '@kits/plugin-sdk/till';
import type { TillPricing } from '../checkout/checkout-machine.ts';
import { overRefundLimit, REFUND_OVER_LIMIT } from '../checkout/refund-limit.ts';
import type { SalesTill } from '../sales-till.ts';

/** What a return gives back, and — above the shop's refund limit, for a cashier without the permission — that a manager approves it. */
export function RefundDue({
  till,
  pricing,
  fmt,
  label,
  amount,
}: {
  till: Pick<SalesTill, 'session'>;
  pricing: Pick<TillPricing, 'refundLimit'>;
  fmt: (amount: number) => string;
  label: string;
  amount: number;
}) {
  const needsManager = overRefundLimit(amount, pricing) && !sessionMay(till.session, REFUND_OVER_LIMIT);
  return (
    <>
      <p class="refund-due" data-testid="refund-due">
        {label}: {fmt(amount)}
      </p>
      {needsManager && (
        <p class="refund-limit" data-testid="refund-limit">
          Above the refund limit of {fmt(pricing.refundLimit!)}: a manager approves it.
        </p>
      )}
    </>
  );
}
