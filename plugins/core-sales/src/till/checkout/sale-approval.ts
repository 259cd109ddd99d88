import type { TillApproval } from '@kits/plugin-sdk/till';

/** A manager's approval as the checkout keeps it on the cart (the till's approval, see the SDK). */
export type ManagerApproval = TillApproval;

/** What a sale event says of an approval: the server audits the sale with the cashier and the approver. */
export interface SaleApproval {
  readonly permission: string;
  readonly action: string;
  readonly approverId: string;
  readonly approvalId?: string;
}

export function saleApproval(approval: ManagerApproval): SaleApproval {
  return {
    permission: approval.permission,
    action: approval.action,
    approverId: approval.approverId,
    ...(approval.approvalId ? { approvalId: approval.approvalId } : {}),
  };
}
