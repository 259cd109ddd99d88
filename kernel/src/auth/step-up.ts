import { randomBytes } from 'node:crypto';
import { badRequest, DomainError, forbidden, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { v7 as uuidv7 } from 'uuid';
import type { Database, Sql } from '../db/database.ts';
import { auditLog } from '../tenancy/audit.ts';
import { hasPermission } from './authenticated.ts';
import { sha256 } from './authenticator.ts';
import { verifyAgainstNothing } from './passwords.ts';
import { checkPinWithLockout } from './pin-check.ts';
import type { SecondFactors } from './second-factor/second-factors.ts';
import { grantsOf } from './sessions/session-tokens.ts';

/**
 * Step-up approval: a manager enters their PIN on a cashier's till to let that cashier do one
 * thing they lack the permission for (a discount). The kernel answers a short-lived approval,
 * single-use and scoped to the permission, the cashier, the device and the action; the audit log
 * records who approved what for whom. The request that acts carries it in `Kits-Approval`: for
 * that one request the cashier holds the permission (docs/decisions.md, D-133).
 */

/** How long an approval can be spent: long enough to finish the action the manager watched. */
export const APPROVAL_SECONDS = 300;
export const APPROVAL_HEADER = 'kits-approval';
const APPROVAL_TOKEN = /^kitsok_[A-Za-z0-9_-]{43}$/;

export interface StepUpInput {
  /** The approving manager, picked from the till's staff list … */
  readonly approverId?: string;
  /** … or typed. */
  readonly email?: string;
  /** The manager's PIN … */
  readonly pin?: string;
  /** … or the code of their two-step verification. */
  readonly code?: string;
  readonly permission: string;
  /** What the approval is for, as the till names it (`discount.line`, `price.override`, `refund.without-receipt`, `refund.over-limit`…). */
  readonly action: string;
}

export interface StepUpApproval {
  readonly approvalId: string;
  readonly approvalToken: string;
  readonly expiresAt: string;
  readonly permission: string;
  readonly action: string;
  readonly approver: { readonly id: string; readonly name: string };
}

const wrongManagerOrPin = (left?: number) =>
  new DomainError(
    'auth.invalid_credentials',
    401,
    `The manager or PIN is wrong${left === undefined ? '' : ` (${left} tries left before the manager's PIN locks)`}.`,
  );

/** Checks the manager's PIN (lockout rules as for signing in) and their permission; the approval, recorded and audited. */
export async function approveStepUp(
  db: Database,
  cashier: Actor,
  input: StepUpInput,
  permissionCatalog: () => readonly string[],
  secondFactors: SecondFactors,
): Promise<StepUpApproval> {
  if (cashier.kind !== 'cashier' || !cashier.deviceId || !cashier.locationId)
    throw forbidden(
      'auth.step_up_needs_till',
      'A manager approves for a cashier signed in on a till with their PIN; sign in on the till first.',
    );
  const { deviceId, locationId, tenantId } = cashier;
  if ((input.approverId === undefined) === (input.email === undefined))
    throw badRequest(
      'auth.approver_required',
      'Name the approving manager: send either "approverId" (from the staff list) or "email", not both.',
    );
  if ((input.pin === undefined) === (input.code === undefined))
    throw badRequest('auth.proof_required', 'Send the manager\'s "pin" or their authenticator "code", not both.', { field: 'pin' });
  if (!permissionCatalog().includes(input.permission))
    throw badRequest(
      'auth.unknown_permission',
      `Unknown permission: ${input.permission}. GET /api/v1/tenants/current/permissions lists them.`,
      {
        unknown: [input.permission],
      },
    );
  const people = await db.transaction({ tenantId }, async (tx) => {
    const [approver] = await tx.query<{ user_id: string; display_name: string; pin_hash: string | null }>(
      input.approverId !== undefined
        ? 'select user_id, display_name, pin_hash from kernel.users where user_id = $1 and active'
        : 'select user_id, display_name, pin_hash from kernel.users where lower(email) = lower($1) and active',
      [input.approverId ?? input.email],
    );
    const [self] = await tx.query<{ display_name: string }>('select display_name from kernel.users where user_id = $1', [cashier.id]);
    return { approver, cashierName: self?.display_name ?? cashier.id };
  });
  const { approver } = people;
  if (!approver || (input.pin !== undefined && !approver.pin_hash)) {
    if (input.pin !== undefined) await verifyAgainstNothing(input.pin);
    throw wrongManagerOrPin();
  }
  if (approver.user_id === cashier.id)
    throw badRequest('auth.approver_is_cashier', 'Another person approves: a manager enters their own PIN, not the cashier who asks.');
  const approve = async (tx: Sql, method: 'pin' | 'second-factor') => {
    // The PIN was right: its count is reset whatever follows (a right PIN is no failure).
    if (!hasPermission(await grantsOf(tx, tenantId, approver.user_id), input.permission, locationId)) return undefined;
    const approvalId = uuidv7();
    const approvalToken = `kitsok_${randomBytes(32).toString('base64url')}`;
    const [row] = await tx.query<{ expires_at: Date }>(
      `insert into kernel.step_up_approvals
           (tenant_id, approval_id, token_hash, cashier_id, approver_id, device_id, location_id, permission, action, expires_at)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, now() + make_interval(secs => $10)) returning expires_at`,
      [
        tenantId,
        approvalId,
        sha256(approvalToken),
        cashier.id,
        approver.user_id,
        deviceId,
        locationId,
        input.permission,
        input.action,
        APPROVAL_SECONDS,
      ],
    );
    const approval: StepUpApproval = {
      approvalId,
      approvalToken,
      expiresAt: new Date(row!.expires_at).toISOString(),
      permission: input.permission,
      action: input.action,
      approver: { id: approver.user_id, name: approver.display_name },
    };
    await auditLog(tx, { kind: cashier.kind, id: cashier.id, deviceId, tenantId }, 'auth.step_up.approved', {
      approvalId,
      permission: input.permission,
      action: input.action,
      locationId,
      method,
      cashier: { id: cashier.id, name: people.cashierName },
      approver: approval.approver,
    });
    return approval;
  };
  const outcome =
    input.pin !== undefined
      ? await checkPinWithLockout(
          db,
          tenantId,
          { userId: approver.user_id, pinHash: approver.pin_hash! },
          input.pin,
          wrongManagerOrPin,
          (tx) => approve(tx, 'pin'),
        )
      : await secondFactors.check(tenantId, approver.user_id, { code: input.code! }, {}, (tx) => approve(tx, 'second-factor'));
  if (!outcome)
    throw forbidden(
      'auth.approver_lacks_permission',
      `${approver.display_name} does not hold the permission "${input.permission}" at this till's location: ask a manager who does.`,
      { permission: input.permission },
    );
  return outcome;
}

interface SpentApproval {
  readonly tenantId: string;
  readonly approvalId: string;
}
const SPENT = Symbol('kits.approval');
type WithApproval = FastifyRequest & { [SPENT]?: SpentApproval };

const invalidApproval = () =>
  new DomainError(
    'auth.approval_invalid',
    403,
    "The manager's approval is not valid here (used already, expired, or given to another cashier or till): ask the manager again.",
  );

/**
 * `Kits-Approval: <token>` on a cashier's request spends the approval: for that request the
 * cashier holds its permission at the approval's location. It is kept spent when the request
 * succeeds and given back when it fails (the action did not happen). Installed after authentication.
 */
export function installApprovals(app: FastifyInstance, db: Database): void {
  app.addHook('onRequest', async (request: WithApproval) => {
    const header = request.headers[APPROVAL_HEADER];
    if (header === undefined) return;
    const token = Array.isArray(header) ? header[0] : header;
    const principal = request.principal;
    if (!principal || !('actor' in principal) || principal.actor.kind !== 'cashier' || !principal.actor.deviceId) throw invalidApproval();
    if (!token || !APPROVAL_TOKEN.test(token)) throw invalidApproval();
    const { actor, grants } = principal;
    const [spent] = await db.transaction({ tenantId: actor.tenantId }, (tx) =>
      tx.query<{ approval_id: string; permission: string; location_id: string }>(
        `update kernel.step_up_approvals set used_at = now(), used_for = $4
          where token_hash = $1 and cashier_id = $2 and device_id = $3 and used_at is null and expires_at > now()
          returning approval_id, permission, location_id`,
        [sha256(token), actor.id, actor.deviceId, `${request.method} ${request.url}`.slice(0, 300)],
      ),
    );
    if (!spent) throw invalidApproval();
    request[SPENT] = { tenantId: actor.tenantId, approvalId: spent.approval_id };
    const atLocation = grants[spent.location_id] ?? [];
    request.principal = { ...principal, grants: { ...grants, [spent.location_id]: [...atLocation, spent.permission] } };
  });
  app.addHook('onSend', async (request: WithApproval, reply) => {
    const spent = request[SPENT];
    if (!spent || reply.statusCode < 400) return;
    await db.transaction({ tenantId: spent.tenantId }, (tx) =>
      tx.query('update kernel.step_up_approvals set used_at = null, used_for = null where approval_id = $1', [spent.approvalId]),
    );
  });
}
