// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/**
 * A manager's approval of one thing the signed-in cashier may not do alone (a discount), given with
 * the manager's PIN on the cashier's screen: by the kernel when online (step-up: an approval id and
 * a single-use token), or against the PIN the till keeps when offline.
 */
export interface TillApproval {
  readonly permission: string;
  /** What was approved: `discount.line`, `discount.sale`. */
  readonly action: string;
  readonly approverId: string;
  readonly approverName: string;
  /** The kernel's approval (online only): audited by the kernel with both names. */
  readonly approvalId?: string;
  /** Sent as `Kits-Approval` by a request that acts on the server with it (parking a sale); single-use. */
  readonly token?: string;
  readonly expiresAt?: string;
}

/** What to ask a manager: the permission the cashier lacks, the action, and what it is in words. */
export interface TillApprovalRequest {
  readonly permission: string;
  readonly action: string;
  /** Said to the manager: “10 % off Ceramic Mug”. */
  readonly what: string;
}

export interface TillApprovals {
  /**
   * Asks a manager to approve, on this screen: the till shows its approval dialog (a manager picks
   * their name and types their PIN). Resolves with the approval, or `undefined` when cancelled.
   */
  request(ask: TillApprovalRequest): Promise<TillApproval | undefined>;
}
