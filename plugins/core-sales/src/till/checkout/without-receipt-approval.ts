import { sessionMay } from '@kits/plugin-sdk/till';
import type { SalesTill } from '../sales-till.ts';
import { CheckoutRefused, type TillPricing } from './checkout-types.ts';
import { allowRefund, type RefundAllowance } from './refund-limit.ts';
import { saleApproval } from './sale-approval.ts';

/** Taking goods back with no receipt. */
export const WITHOUT_RECEIPT = 'core-sales:refund.without-receipt';

/**
 * Lets a return without a receipt of `amount` go ahead: the cashier's own permission, or a manager
 * approves it on this screen; then the refund limit as for any refund. Above the limit a cashier
 * holding neither permission sees two dialogs in turn (no receipt first, then the limit), each
 * approved on its own. A dialog cancelled refuses the return: nothing is refunded, and the message says why.
 */
export async function allowReturnWithoutReceipt(
  till: Pick<SalesTill, 'session' | 'approvals'>,
  amount: number,
  pricing: Pick<TillPricing, 'refundLimit'>,
  fmt: (amount: number) => string,
): Promise<RefundAllowance> {
  if (sessionMay(till.session, WITHOUT_RECEIPT)) return allowRefund(till, amount, pricing, fmt);
  const approval = await till.approvals.request({
    permission: WITHOUT_RECEIPT,
    action: 'refund.without-receipt',
    what: `Return without a receipt: ${fmt(amount)}`,
  });
  if (!approval || approval.permission !== WITHOUT_RECEIPT)
    throw new CheckoutRefused(
      'returns.needs_permission',
      `A return without a receipt needs a manager, and none approved this one (${fmt(amount)}): nothing was refunded.`,
      WITHOUT_RECEIPT,
    );
  const overLimit = await allowRefund(till, amount, pricing, fmt);
  return { ...overLimit, approvals: [saleApproval(approval), ...(overLimit.approvals ?? [])] };
}

/** Whether a return without a receipt may be kept: the cashier holds the permission, or a manager's approval of it is named. */
export function withoutReceiptAllowed(till: Pick<SalesTill, 'session'>, allowance: RefundAllowance): boolean {
  return (
    sessionMay(till.session, WITHOUT_RECEIPT) || (allowance.approvals ?? []).some((approval) => approval.permission === WITHOUT_RECEIPT)
  );
}
