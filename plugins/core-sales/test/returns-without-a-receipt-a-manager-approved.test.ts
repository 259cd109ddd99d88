import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

const API = '/api/v1/core-sales';
const WITHOUT_RECEIPT = 'core-sales:refund.without-receipt';
const OVER_LIMIT = 'core-sales:refund.over-limit';

type Problem = { code?: string; permission?: string };
type Answer = { status: string; code?: string; detail?: Problem; result?: Record<string, unknown> };
type Till = Awaited<ReturnType<typeof tillWithShift>>;

/**
 * A cashier without core-sales:refund.without-receipt takes a Ceramic Mug (12.50) back with no
 * receipt once a manager approved it: online through the kernel's step-up (`Kits-Approval`, named in
 * `approvals`), from a till by naming the approval in its refund event. Either way the audit has
 * `sales.refund.approved` with the cashier and the manager. The shop's refund limit (20.00) still
 * wants its own approval.
 */
describe.each(DATABASE_KINDS)('returns without a receipt a manager approved, on %s', (db) => {
  let kit: TestKernel;
  let cashier: Till;
  let managerId: string;
  let mug: string;

  const approve = async (till: Till, permission: string, action: string) => {
    const answer = await kit.request<{ approvalId: string; approvalToken: string }>('POST', '/api/v1/auth/step-up', {
      token: till.token,
      body: { approverId: managerId, pin: '8642', permission, action },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const approval = (permission: string, action: string, approvalId?: string) => ({
    permission,
    action,
    approverId: managerId,
    ...(approvalId ? { approvalId } : {}),
  });
  const refund = (extra: { headers?: Record<string, string>; body?: object } = {}) =>
    kit.request<Problem & { id?: string; total?: number }>('POST', `${API}/refunds`, {
      token: cashier.token,
      headers: extra.headers ?? {},
      body: { lines: [{ variantId: mug, quantity: 1 }], reason: 'a gift, no receipt', restock: true, ...extra.body },
    });
  const approvedRefunds = async (till: Till) =>
    (
      await kit.kernel.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
        "select actor_id, detail from kernel.audit_log where action = 'sales.refund.approved' order by audit_id",
      )
    )
      .filter((entry) => entry.actor_id === till.cashierId)
      .map((entry) => entry.detail);
  const written = async () => ({
    refunds: await countRows(kit, 'sales.refunds'),
    stock: await onHand(kit, mug),
    events: await countRows(kit, "kernel.outbox where type = 'sales.sale.refunded'"),
  });

  beforeAll(async () => {
    kit = await salesKit(db, { refundLimit: 2000 });
    cashier = await tillWithShift(kit, CASHIER);
    mug = await stockedVariant(kit, 1250, 20);
    managerId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'maria@shop.test', displayName: 'Maria Manager', pin: '8642' },
      })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Manager', permissions: [...CASHIER, WITHOUT_RECEIPT, OVER_LIMIT] },
      })
    ).body.id;
    await kit.request('POST', `/api/v1/tenants/current/users/${managerId}/grants`, {
      body: { roleId: role, locationId: kit.tenant.locationId },
    });
  });
  afterAll(async () => kit?.close());

  it('online, refused without the permission; with the manager’s approval spent through Kits-Approval it goes through, audited with both names, once', async () => {
    const before = await written();
    const refused = await refund();
    expect([refused.status, refused.body.code, refused.body.permission]).toEqual([403, 'auth.forbidden', WITHOUT_RECEIPT]);
    expect(await written()).toEqual(before);

    const { approvalId, approvalToken } = await approve(cashier, WITHOUT_RECEIPT, 'refund.without-receipt');
    const approvals = [approval(WITHOUT_RECEIPT, 'refund.without-receipt', approvalId)];
    const unspent = await refund({ body: { approvals } });
    expect([unspent.status, unspent.body.code]).toEqual([400, 'sales.approval_without_token']);

    const approved = await refund({ headers: { 'kits-approval': approvalToken }, body: { approvals } });
    expect([approved.status, approved.body.total]).toEqual([201, 1250]);
    expect(await onHand(kit, mug)).toBe(before.stock + 1);
    expect(await approvedRefunds(cashier)).toEqual([
      {
        refundId: approved.body.id,
        saleId: null,
        total: 1250,
        limit: 2000,
        permission: WITHOUT_RECEIPT,
        action: 'refund.without-receipt',
        cashierId: cashier.cashierId,
        approverId: managerId,
        approvalId,
        approvedOn: 'kernel',
      },
    ]);

    const after = await written();
    const again = await refund({ headers: { 'kits-approval': approvalToken }, body: { approvals } });
    expect([again.status, again.body.code]).toEqual([403, 'auth.approval_invalid']);
    expect(await written()).toEqual(after);
  });

  describe('a till’s return without a receipt, pushed through the sync gateway', () => {
    let till: Till;
    let sequence = 0;
    const push = async (payload: Record<string, unknown>) => {
      sequence += 1;
      const event = {
        id: `${till.deviceId}#${sequence}#${randomUUID()}`,
        type: 'sales.sale.refunded',
        occurredAt: new Date().toISOString(),
        payload,
      };
      const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', {
        token: till.token,
        body: { events: [event] },
      });
      expect(pushed.status).toBe(200);
      return pushed.body.answers[0]!;
    };
    const noReceipt = (quantity: number, approvals?: ReadonlyArray<ReturnType<typeof approval>>) => ({
      id: uuidv7(),
      lines: [{ variantId: mug, quantity }],
      reason: 'a gift, no receipt',
      restock: true,
      ...(approvals ? { approvals } : {}),
    });

    beforeAll(async () => {
      till = await tillWithShift(kit, CASHIER);
    });

    it('naming the manager’s approval (the kernel’s, or checked by the till offline) it is accepted and audited with both names', async () => {
      const stock = await onHand(kit, mug);
      const { approvalId } = await approve(till, WITHOUT_RECEIPT, 'refund.without-receipt');
      const online = noReceipt(1, [approval(WITHOUT_RECEIPT, 'refund.without-receipt', approvalId)]);
      expect(await push({ refund: online })).toMatchObject({ status: 'accepted', result: { refundId: online.id, total: 1250 } });
      const offline = noReceipt(1, [approval(WITHOUT_RECEIPT, 'refund.without-receipt')]);
      expect(await push({ refund: offline })).toMatchObject({ status: 'accepted', result: { refundId: offline.id, total: 1250 } });
      expect(await onHand(kit, mug)).toBe(stock + 2);
      const base = { saleId: null, total: 1250, limit: 2000, permission: WITHOUT_RECEIPT, action: 'refund.without-receipt' };
      expect(await approvedRefunds(till)).toEqual([
        { ...base, refundId: online.id, cashierId: till.cashierId, approverId: managerId, approvalId, approvedOn: 'kernel' },
        { ...base, refundId: offline.id, cashierId: till.cashierId, approverId: managerId, approvalId: null, approvedOn: 'till' },
      ]);
    });

    it('above the refund limit the no-receipt approval is not enough: denied, nothing kept; with the limit’s approval too, both are audited', async () => {
      const before = await written();
      const onlyOne = noReceipt(2, [approval(WITHOUT_RECEIPT, 'refund.without-receipt')]);
      const denied = await push({ refund: onlyOne });
      expect(denied).toMatchObject({ status: 'denied', code: 'auth.forbidden', detail: { permission: OVER_LIMIT } });
      expect(await written()).toEqual(before);

      const both = noReceipt(2, [approval(WITHOUT_RECEIPT, 'refund.without-receipt'), approval(OVER_LIMIT, 'refund.over-limit')]);
      expect(await push({ refund: both })).toMatchObject({ status: 'accepted', result: { refundId: both.id, total: 2500 } });
      const entries = (await approvedRefunds(till)).filter((entry) => entry['refundId'] === both.id);
      expect(entries.map((entry) => [entry['permission'], entry['action'], entry['total'], entry['approverId']])).toEqual([
        [WITHOUT_RECEIPT, 'refund.without-receipt', 2500, managerId],
        [OVER_LIMIT, 'refund.over-limit', 2500, managerId],
      ]);
    });

    it('one naming no approval is taken as the till checked it (D-029: the till knew the cashier’s grants); nothing is audited as approved', async () => {
      const entries = (await approvedRefunds(till)).length;
      const own = noReceipt(1);
      expect(await push({ refund: own })).toMatchObject({ status: 'accepted', result: { refundId: own.id, total: 1250 } });
      expect((await approvedRefunds(till)).length).toBe(entries);
    });
  });
});
