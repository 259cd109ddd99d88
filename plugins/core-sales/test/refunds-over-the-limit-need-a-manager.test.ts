import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, onHand, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

const API = '/api/v1/core-sales';
const OVER_LIMIT = 'core-sales:refund.over-limit';

type Problem = { code?: string; detail?: string; permission?: string; limit?: number; total?: number };
type Answer = { status: string; code?: string; reason?: string; detail?: Problem; result?: Record<string, unknown> };
type Till = Awaited<ReturnType<typeof tillWithShift>>;

/**
 * The shop's refund limit (`refundLimit`, here 20.00): a refund above it needs
 * core-sales:refund.over-limit — the cashier's own, or a manager's approval (the kernel's step-up,
 * spent through `Kits-Approval` online; named in a till's refund event). Refused, nothing is written.
 */
describe.each(DATABASE_KINDS)('refunds over the shop’s refund limit, on %s', (db) => {
  let kit: TestKernel;
  let cashier: Till;
  let mug: string;
  let cup: string;
  let managerId: string;

  /** A sale of `quantity` mugs (12.50 each, cash) at `till`. */
  const sell = async (till: Till, quantity: number) => {
    const sold = await kit.request<{ id: string }>('POST', `${API}/sales`, {
      token: till.token,
      body: { lines: [{ variantId: mug, quantity }], tenders: [{ method: 'cash', amount: 1250 * quantity }] },
    });
    expect(sold.status).toBe(201);
    return sold.body.id;
  };
  const refund = (till: Till, saleId: string, quantity: number, extra: { headers?: Record<string, string>; body?: object } = {}) =>
    kit.request<Problem & { id?: string; total?: number }>('POST', `${API}/refunds`, {
      token: till.token,
      headers: extra.headers ?? {},
      body: { saleId, lines: [{ lineNo: 1, quantity }], reason: 'not wanted', restock: true, ...extra.body },
    });
  const approve = async (till: Till) => {
    const answer = await kit.request<{ approvalId: string; approvalToken: string }>('POST', '/api/v1/auth/step-up', {
      token: till.token,
      body: { approverId: managerId, pin: '8642', permission: OVER_LIMIT, action: 'refund.over-limit' },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const audited = (action: string) =>
    kit.kernel.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
      'select actor_id, detail from kernel.audit_log where action = $1 order by audit_id',
      [action],
    );
  /** What a refund writes: refunds and their lines and tenders, the sale's refunded amount, the mug's stock, the events. */
  const written = async (saleId: string) => ({
    refunds: await countRows(kit, 'sales.refunds'),
    lines: await countRows(kit, 'sales.refund_lines'),
    tenders: await countRows(kit, 'sales.refund_tenders'),
    refunded: Number(
      (await kit.kernel.db.query<{ refunded: string }>('select refunded from sales.sales where sale_id = $1', [saleId]))[0]!.refunded,
    ),
    stock: await onHand(kit, mug),
    events: await countRows(kit, "kernel.outbox where type = 'sales.sale.refunded'"),
  });

  beforeAll(async () => {
    kit = await salesKit(db, { refundLimit: 2000 });
    cashier = await tillWithShift(kit, CASHIER);
    mug = await stockedVariant(kit, 1250, 100);
    cup = await stockedVariant(kit, 1000, 10);
    managerId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'maria@shop.test', displayName: 'Maria Manager', pin: '8642' },
      })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Manager', permissions: [...CASHIER, OVER_LIMIT] },
      })
    ).body.id;
    await kit.request('POST', `/api/v1/tenants/current/users/${managerId}/grants`, {
      body: { roleId: role, locationId: kit.tenant.locationId },
    });
  });
  afterAll(async () => kit?.close());

  it('the till learns the limit with its pricing', async () => {
    const settings = await kit.request<{ refundLimit: number }>('GET', `${API}/till-settings`, { token: cashier.token });
    expect(settings.body.refundLimit).toBe(2000);
  });

  it('up to the limit any cashier allowed to refund refunds: 12.50, and 20.00 to the cent', async () => {
    const saleId = await sell(cashier, 3);
    const one = await refund(cashier, saleId, 1);
    expect([one.status, one.body.total]).toEqual([201, 1250]);
    const cups = await kit.request<{ id: string }>('POST', `${API}/sales`, {
      token: cashier.token,
      body: { lines: [{ variantId: cup, quantity: 2 }], tenders: [{ method: 'cash', amount: 2000 }] },
    });
    const atTheLimit = await refund(cashier, cups.body.id, 2);
    expect([atTheLimit.status, atTheLimit.body.total]).toEqual([201, 2000]);
  });

  it('above it, a cashier without the permission is refused 403 naming the permission and the limit; nothing is written', async () => {
    const saleId = await sell(cashier, 3);
    const before = await written(saleId);
    const refused = await refund(cashier, saleId, 2);
    expect(refused.status).toBe(403);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'auth.forbidden', permission: OVER_LIMIT, limit: 2000, total: 2500 });
    expect(refused.body.detail).toBe(
      'A refund of 25.00 EUR, above the refund limit of 20.00 EUR, needs the permission "core-sales:refund.over-limit"; ask a manager.',
    );
    expect(await written(saleId)).toEqual(before);
  });

  it('a cashier holding core-sales:refund.over-limit refunds above it', async () => {
    const senior = await tillWithShift(kit, [...CASHIER, OVER_LIMIT]);
    const saleId = await sell(senior, 3);
    const refunded = await refund(senior, saleId, 3);
    expect([refunded.status, refunded.body.total]).toEqual([201, 3750]);
    expect(await audited('sales.refund.approved')).toEqual([]);
  });

  it('with a manager’s approval spent through Kits-Approval it goes through, audited with the cashier and the manager; once', async () => {
    const saleId = await sell(cashier, 4);
    const { approvalId, approvalToken } = await approve(cashier);
    const approvals = [{ permission: OVER_LIMIT, action: 'refund.over-limit', approverId: managerId, approvalId }];

    // Naming the approval without spending it grants nothing and is refused before anything else.
    const unspent = await refund(cashier, saleId, 2, { body: { approvals } });
    expect([unspent.status, unspent.body.code]).toEqual([400, 'sales.approval_without_token']);

    const approved = await refund(cashier, saleId, 2, { headers: { 'kits-approval': approvalToken }, body: { approvals } });
    expect([approved.status, approved.body.total]).toEqual([201, 2500]);
    const [entry] = await audited('sales.refund.approved');
    expect(entry).toEqual({
      actor_id: cashier.cashierId,
      detail: {
        refundId: approved.body.id,
        saleId,
        total: 2500,
        limit: 2000,
        permission: OVER_LIMIT,
        action: 'refund.over-limit',
        cashierId: cashier.cashierId,
        approverId: managerId,
        approvalId,
        approvedOn: 'kernel',
      },
    });
    // The kernel's own record of the approval names both too.
    expect((await audited('auth.step_up.approved')).at(-1)?.detail).toMatchObject({
      approvalId,
      permission: OVER_LIMIT,
      cashier: { id: cashier.cashierId },
      approver: { id: managerId, name: 'Maria Manager' },
    });

    const before = await written(saleId);
    const again = await refund(cashier, saleId, 2, { headers: { 'kits-approval': approvalToken }, body: { approvals } });
    expect([again.status, again.body.code]).toEqual([403, 'auth.approval_invalid']);
    expect(await written(saleId)).toEqual(before);
  });

  it('a refused refund gives the approval back: the same approval serves the refund once it is right', async () => {
    const saleId = await sell(cashier, 3);
    const { approvalId, approvalToken } = await approve(cashier);
    const body = { approvals: [{ permission: OVER_LIMIT, action: 'refund.over-limit', approverId: managerId, approvalId }] };
    const tooMany = await refund(cashier, saleId, 4, { headers: { 'kits-approval': approvalToken }, body });
    expect([tooMany.status, tooMany.body.code]).toEqual([400, 'sales.refund_over_quantity']);
    const right = await refund(cashier, saleId, 3, { headers: { 'kits-approval': approvalToken }, body });
    expect([right.status, right.body.total]).toEqual([201, 3750]);
  });

  describe('a till’s refund, pushed through the sync gateway', () => {
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
    const tillRefund = (saleId: string, quantity: number, extra: Record<string, unknown> = {}) => ({
      id: uuidv7(),
      saleId,
      lines: [{ lineNo: 1, quantity }],
      reason: 'wrong size',
      restock: true,
      ...extra,
    });

    beforeAll(async () => {
      till = await tillWithShift(kit, CASHIER);
    });

    it('over the limit without a word of who allowed it is denied, the way the sync denies: nothing kept', async () => {
      const saleId = await sell(till, 3);
      const before = await written(saleId);
      const answer = await push({ refund: tillRefund(saleId, 3) });
      expect(answer).toMatchObject({ status: 'denied', code: 'auth.forbidden' });
      expect(answer.reason).toContain('above the refund limit of 20.00 EUR');
      expect(answer.detail).toMatchObject({ permission: OVER_LIMIT, limit: 2000, total: 3750 });
      expect(await written(saleId)).toEqual(before);
      const [kept] = await kit.kernel.db.query<{ status: string }>(
        'select status from kernel.sync_events where device_id = $1 and sequence = $2',
        [till.deviceId, sequence],
      );
      expect(kept?.status).toBe('denied');
    });

    it('under the limit it needs nothing more', async () => {
      const saleId = await sell(till, 3);
      const answer = await push({ refund: tillRefund(saleId, 1) });
      expect(answer).toMatchObject({ status: 'accepted', result: { total: 1250 } });
    });

    it('with the manager’s approval it names (the kernel’s, or checked by the till offline) it is accepted and audited with both', async () => {
      const online = await sell(till, 3);
      const { approvalId } = await approve(till);
      const first = tillRefund(online, 3, {
        approvals: [{ permission: OVER_LIMIT, action: 'refund.over-limit', approverId: managerId, approvalId }],
      });
      expect(await push({ refund: first })).toMatchObject({ status: 'accepted', result: { refundId: first.id, total: 3750 } });

      const offline = await sell(till, 2);
      const second = tillRefund(offline, 2, {
        approvals: [{ permission: OVER_LIMIT, action: 'refund.over-limit', approverId: managerId }],
      });
      expect(await push({ refund: second })).toMatchObject({ status: 'accepted', result: { total: 2500 } });

      const entries = (await audited('sales.refund.approved')).filter((entry) => entry.actor_id === till.cashierId);
      expect(entries.map((entry) => entry.detail)).toEqual([
        {
          refundId: first.id,
          saleId: online,
          total: 3750,
          limit: 2000,
          permission: OVER_LIMIT,
          action: 'refund.over-limit',
          cashierId: till.cashierId,
          approverId: managerId,
          approvalId,
          approvedOn: 'kernel',
        },
        {
          refundId: second.id,
          saleId: offline,
          total: 2500,
          limit: 2000,
          permission: OVER_LIMIT,
          action: 'refund.over-limit',
          cashierId: till.cashierId,
          approverId: managerId,
          approvalId: null,
          approvedOn: 'till',
        },
      ]);
    });

    it('an approval of another permission does not serve; the cashier’s own permission, as the till checked it, does', async () => {
      const saleId = await sell(till, 3);
      const discount = tillRefund(saleId, 3, {
        approvals: [{ permission: 'core-sales:discount', action: 'discount.sale', approverId: managerId }],
      });
      expect(await push({ refund: discount })).toMatchObject({ status: 'denied', code: 'auth.forbidden' });
      const own = await push({ refund: tillRefund(saleId, 3), cashierPermissions: [OVER_LIMIT] });
      expect(own).toMatchObject({ status: 'accepted', result: { total: 3750 } });
    });
  });
});
