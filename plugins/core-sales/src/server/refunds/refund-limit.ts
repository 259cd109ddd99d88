import { badRequest } from '@kits/plugin-sdk';
import { formatDecimal } from '@kits/plugin-sdk/money';
import { requireSalePermission, type SaleContext } from '../checkout/sale-context.ts';
import type { RefundInput } from './refund-input.ts';

/** Refunding more than the shop's `refundLimit` in one refund. */
export const REFUND_OVER_LIMIT = 'core-sales:refund.over-limit';

type RefundApprovals = NonNullable<RefundInput['approvals']>;

/**
 * A refund above the shop's limit (0: none) needs core-sales:refund.over-limit: the actor's own, a
 * manager's approval spent on the request (`Kits-Approval`), or — from a till — what its event says
 * allowed it. 403 naming the permission and the limit otherwise, before anything is written.
 */
export function requireRefundWithinLimit(context: SaleContext, total: number): void {
  const { refundLimit: limit, currency } = context.settings;
  if (limit <= 0 || total <= limit) return;
  const money = (amount: number) => `${formatDecimal(amount, currency)} ${currency}`;
  requireSalePermission(context, REFUND_OVER_LIMIT, `A refund of ${money(total)}, above the refund limit of ${money(limit)},`, {
    limit,
    total,
    currency,
  });
}

/**
 * What a till's refund event says allowed it (D-029: the till checked it, offline too): a
 * manager's approval it names, or the cashier's own grant (`cashierPermissions`). Only the refund
 * limit is judged here; the other refund permissions stay the till's to check.
 */
export function tillRefundAllows(
  approvals: RefundApprovals | undefined,
  cashierPermissions: readonly string[] | undefined,
): (permission: string) => boolean {
  return (permission) =>
    permission !== REFUND_OVER_LIMIT ||
    (cashierPermissions ?? []).includes(permission) ||
    (approvals ?? []).some((approval) => approval.permission === permission);
}

/**
 * Online, an approval named in a refund is the kernel's: it has its id, and the request spends its
 * token (`Kits-Approval`) — what grants the permission. One named without is refused (400), so the
 * audit never names a manager nobody asked.
 */
export function requireKernelApprovals(approvals: RefundApprovals | undefined, headers: Readonly<Record<string, unknown>>): void {
  if (!approvals) return;
  if (headers['kits-approval'] === undefined || approvals.some((approval) => !approval.approvalId))
    throw badRequest(
      'sales.approval_without_token',
      "A manager's approval named in a refund is the kernel's (its approvalId), and the request carries its token in Kits-Approval.",
      { field: 'body.approvals' },
    );
}

/** Each approval the refund names, audited with the cashier and the approving manager (as a sale's are: D-134). */
export async function auditRefundApprovals(
  context: SaleContext,
  refund: { readonly refundId: string; readonly saleId: string | null; readonly total: number },
  approvals: RefundApprovals | undefined,
): Promise<void> {
  for (const approval of approvals ?? [])
    await context.tx.audit('sales.refund.approved', {
      ...refund,
      limit: context.settings.refundLimit,
      permission: approval.permission,
      action: approval.action,
      cashierId: context.actor.id,
      approverId: approval.approverId,
      approvalId: approval.approvalId ?? null,
      approvedOn: approval.approvalId ? 'kernel' : 'till',
    });
}
