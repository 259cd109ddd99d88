/**
 * A manager's approval of one thing the signed-in cashier may not do alone (a discount), given
 * with the manager's PIN on the cashier's screen: by the kernel when online (step-up, an
 * approval id and a single-use token), or against the PIN the till keeps when offline.
 */
export interface ManagerApproval {
  readonly permission: string;
  /** What was approved: `discount.line`, `discount.sale`. */
  readonly action: string;
  readonly approverId: string;
  readonly approverName: string;
  /** The kernel's approval (online only): audited by the kernel with both names. */
  readonly approvalId?: string;
  /** Sent as `Kits-Approval` by a request that acts on the server with it (parking the sale); single-use. */
  readonly token?: string;
  readonly expiresAt?: string;
}

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
