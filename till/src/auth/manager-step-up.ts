import { TillOfflineError } from '@kits/plugin-sdk/till';
import type { TillApproval as ManagerApproval } from '@kits/plugin-sdk/till';
import { GatewayError, type GatewayClient } from '../sync/gateway-client.ts';
import { checkOfflinePin, forgetCashier, OfflineSignInError, OFFLINE_SIGN_IN_DAYS, type CredentialStore } from './offline-pin.ts';

/** The manager who approves: picked from the till's staff list, or typed. */
export type ApproverChoice = { readonly id: string; readonly name: string } | { readonly email: string };

/** What the manager proves themselves with: their PIN, or the code of their two-step verification (online only). */
export type ApproverProof = { readonly pin: string } | { readonly code: string };

export interface ApprovalRequest {
  readonly approver: ApproverChoice;
  readonly proof: ApproverProof;
  readonly permission: string;
  /** What is approved: `discount.line`, `discount.sale`. */
  readonly action: string;
}

/** Why a manager's approval was refused: the kernel's problem, or the till's own check offline. */
export class ApprovalRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'ApprovalRefused';
    this.code = code;
  }
}

const whoIs = (approver: ApproverChoice) => ('id' in approver ? approver.id : approver.email);

/**
 * A manager approves one action for the cashier signed in on this till, with their PIN (or, online,
 * the code of their two-step verification) on the cashier's screen. Online the kernel checks the PIN (its lockout counts) and the manager's
 * permission and answers an approval it audited; when it cannot be reached, the till checks the PIN
 * against the hash it keeps of a manager who signed in on it (its own count of wrong PINs) and the
 * permissions that sign-in gave (docs/decisions.md, D-133 and D-135).
 */
export async function askManagerApproval(
  till: {
    readonly api: Pick<GatewayClient, 'post'>;
    readonly store: CredentialStore;
    readonly deviceId: string;
    readonly cashierId: string;
  },
  request: ApprovalRequest,
): Promise<ManagerApproval> {
  const { approver, proof, permission, action } = request;
  try {
    const approved = await till.api.post<{
      approvalId: string;
      approvalToken: string;
      expiresAt: string;
      approver: { id: string; name: string };
    }>('/api/v1/auth/step-up', {
      ...('id' in approver ? { approverId: approver.id } : { email: approver.email }),
      ...proof,
      permission,
      action,
    });
    return {
      permission,
      action,
      approverId: approved.approver.id,
      approverName: approved.approver.name,
      approvalId: approved.approvalId,
      token: approved.approvalToken,
      expiresAt: approved.expiresAt,
    };
  } catch (failure) {
    const unreachable = failure instanceof TillOfflineError || (failure instanceof GatewayError && failure.status >= 500);
    if (!unreachable) {
      if (failure instanceof GatewayError && failure.code === 'auth.pin_locked') forgetCashier(till.store, till.deviceId, whoIs(approver));
      if (failure instanceof GatewayError) throw new ApprovalRefused(failure.code ?? 'auth.refused', failure.message);
      throw failure;
    }
  }
  if (!('pin' in proof))
    throw new ApprovalRefused(
      'till.code_needs_network',
      'An authenticator code is checked by the server, which cannot be reached: the manager enters their PIN instead.',
    );
  return approveOffline(till, approver, proof.pin, request);
}

/** Offline: the PIN against the hash this till keeps (wrong PINs count, the fifth erases it), and the kept permissions. */
async function approveOffline(
  till: { readonly store: CredentialStore; readonly deviceId: string; readonly cashierId: string },
  approver: ApproverChoice,
  pin: string,
  { permission, action }: ApprovalRequest,
): Promise<ManagerApproval> {
  const manager = await checkOfflinePin(till.store, till.deviceId, whoIs(approver), pin).catch((failure: unknown) => {
    if (failure instanceof OfflineSignInError && (failure.code === 'unknown' || failure.code === 'stale'))
      throw new ApprovalRefused(
        'till.approver_unknown_offline',
        `Offline, this till checks only the PIN of a manager who signed in on it while online in the last ${OFFLINE_SIGN_IN_DAYS} days: ask such a manager, or wait for the network.`,
      );
    throw failure instanceof OfflineSignInError ? new ApprovalRefused(`till.${failure.code}`, failure.message) : failure;
  });
  const name = manager.name ?? ('name' in approver ? approver.name : undefined) ?? manager.email ?? manager.cashierId;
  if (manager.cashierId === till.cashierId)
    throw new ApprovalRefused(
      'auth.approver_is_cashier',
      'Another person approves: a manager enters their own PIN, not the cashier who asks.',
    );
  if (!manager.permissions.includes(permission) && !manager.permissions.includes('*'))
    throw new ApprovalRefused(
      'auth.approver_lacks_permission',
      `${name} does not hold the permission "${permission}" at this till's location: ask a manager who does.`,
    );
  return { permission, action, approverId: manager.cashierId, approverName: name };
}
