import { sessionMay } from '@kits/plugin-sdk/till';
import type { SalesTill } from '../sales-till.ts';
import { CheckoutRefused, type TillPricing } from './checkout-types.ts';
import { saleApproval, type SaleApproval } from './sale-approval.ts';

/** Refunding more than the shop's refund limit in one refund. */
export const REFUND_OVER_LIMIT = 'core-sales:refund.over-limit';

/**
 * What a refund event says allowed a refund over the limit — the server denies one that says
 * nothing: a manager's approval (in the refund, as a sale names its approvers), or the cashier's
 * own permission as the till checked it.
 */
export interface RefundAllowance {
  readonly approvals?: readonly SaleApproval[];
  readonly cashierPermissions?: readonly string[];
}

/** Whether a refund of `amount` is above the shop's refund limit (0, or none: no limit). */
export function overRefundLimit(amount: number, pricing: Pick<TillPricing, 'refundLimit'>): boolean {
  const limit = pricing.refundLimit ?? 0;
  return limit > 0 && amount > limit;
}

/**
 * Lets a refund of `amount` go ahead: within the limit, or the cashier holds the permission, or a
 * manager approves on this screen (their PIN or authenticator code; offline the PIN the till
 * keeps). A manager who does not approve refuses it: nothing is refunded, and the message says why.
 */
export async function allowRefund(
  till: Pick<SalesTill, 'session' | 'approvals'>,
  amount: number,
  pricing: Pick<TillPricing, 'refundLimit'>,
  fmt: (amount: number) => string,
): Promise<RefundAllowance> {
  if (!overRefundLimit(amount, pricing)) return {};
  if (sessionMay(till.session, REFUND_OVER_LIMIT)) return { cashierPermissions: [REFUND_OVER_LIMIT] };
  const approval = await till.approvals.request({
    permission: REFUND_OVER_LIMIT,
    action: 'refund.over-limit',
    what: `Refund of ${fmt(amount)}`,
  });
  if (!approval || approval.permission !== REFUND_OVER_LIMIT)
    throw new CheckoutRefused(
      'returns.over_limit',
      `A refund of ${fmt(amount)} is above the refund limit of ${fmt(pricing.refundLimit!)} and no manager approved it: nothing was refunded.`,
      REFUND_OVER_LIMIT,
    );
  return { approvals: [saleApproval(approval)] };
}

/** A `sales.sale.refunded` event's payload: the refund naming its approvers, the cashier's own permissions beside it. */
export function refundedPayload<Refund extends object>(
  refund: Refund,
  allowance: RefundAllowance,
): { refund: Refund & { approvals?: readonly SaleApproval[] }; cashierPermissions?: readonly string[] } {
  return {
    refund: { ...refund, ...(allowance.approvals ? { approvals: allowance.approvals } : {}) },
    ...(allowance.cashierPermissions ? { cashierPermissions: allowance.cashierPermissions } : {}),
  };
}
