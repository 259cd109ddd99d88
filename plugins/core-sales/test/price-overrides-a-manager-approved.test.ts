import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

const API = '/api/v1/core-sales';
const PRICE_OVERRIDE = 'core-sales:price.override';

type Problem = { code?: string; permission?: string };
type Answer = { status: string; code?: string; result?: Record<string, unknown> };
type Till = Awaited<ReturnType<typeof tillWithShift>>;
type Sale = Problem & { id?: string; total?: number; status?: string; lines?: Array<{ unitPrice: number }> };

/**
 * A cashier without core-sales:price.override sells a Ceramic Mug (12.50) at 9.00 with a manager's
 * approval, as a discount is approved (D-133, D-134): online the kernel's step-up spent through
 * `Kits-Approval` grants the permission for that one request; a till's synced sale names the
 * approval and the server audits it with the cashier and the manager.
 */
describe.each(DATABASE_KINDS)('prices a manager approved on the till, on %s', (db) => {
  let kit: TestKernel;
  let till: Till;
  let managerId: string;
  let mug: string;

  const approve = async (permission: string, action: string, asker: Till = till) => {
    const answer = await kit.request<{ approvalId: string; approvalToken: string }>('POST', '/api/v1/auth/step-up', {
      token: asker.token,
      body: { approverId: managerId, pin: '8642', permission, action },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const sell = (headers: Record<string, string> = {}) =>
    kit.request<Sale>('POST', `${API}/sales`, {
      token: till.token,
      headers,
      body: { lines: [{ variantId: mug, quantity: 1, unitPrice: 900 }], tenders: [{ method: 'cash', amount: 900 }], expectedTotal: 900 },
    });
  const audited = (action: string) =>
    kit.kernel.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
      'select actor_id, detail from kernel.audit_log where action = $1 order by audit_id',
      [action],
    );

  beforeAll(async () => {
    kit = await salesKit(db);
    till = await tillWithShift(kit, CASHIER);
    mug = await stockedVariant(kit, 1250, 20);
    managerId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'maria@shop.test', displayName: 'Maria Manager', pin: '8642' },
      })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Manager', permissions: [...CASHIER, 'core-sales:discount', PRICE_OVERRIDE] },
      })
    ).body.id;
    await kit.request('POST', `/api/v1/tenants/current/users/${managerId}/grants`, {
      body: { roleId: role, locationId: kit.tenant.locationId },
    });
  });
  afterAll(async () => kit?.close());

  it('online, another price needs the permission; a discount’s approval does not serve, the price’s does, once', async () => {
    const sales = () => countRows(kit, "sales.sales where status = 'completed'");
    const refused = await sell();
    expect([refused.status, refused.body.code, refused.body.permission]).toEqual([403, 'auth.forbidden', PRICE_OVERRIDE]);
    expect(await sales()).toBe(0);

    const discount = await approve('core-sales:discount', 'discount.line');
    const wrongApproval = await sell({ 'kits-approval': discount.approvalToken });
    expect([wrongApproval.status, wrongApproval.body.code, wrongApproval.body.permission]).toEqual([403, 'auth.forbidden', PRICE_OVERRIDE]);
    expect(await sales()).toBe(0);

    const { approvalId, approvalToken } = await approve(PRICE_OVERRIDE, 'price.override');
    const approved = await sell({ 'kits-approval': approvalToken });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ status: 'completed', total: 900, lines: [{ unitPrice: 900 }] });
    // The kernel's record names both people and what the approval was spent on.
    expect((await audited('auth.step_up.approved')).at(-1)).toMatchObject({
      actor_id: till.cashierId,
      detail: {
        approvalId,
        permission: PRICE_OVERRIDE,
        action: 'price.override',
        cashier: { id: till.cashierId },
        approver: { id: managerId, name: 'Maria Manager' },
      },
    });
    const [spent] = await kit.kernel.db.query<{ used_for: string }>(
      'select used_for from kernel.step_up_approvals where approval_id = $1',
      [approvalId],
    );
    expect(spent?.used_for).toBe(`POST ${API}/sales`);

    const again = await sell({ 'kits-approval': approvalToken });
    expect([again.status, again.body.code]).toEqual([403, 'auth.approval_invalid']);
    expect(await sales()).toBe(1);
  });

  it('parking a sale at another price spends the price’s approval', async () => {
    const park = (headers: Record<string, string> = {}) =>
      kit.request<Sale>('POST', `${API}/parked`, {
        token: till.token,
        headers,
        body: { lines: [{ variantId: mug, quantity: 1, unitPrice: 900 }] },
      });
    const refused = await park();
    expect([refused.status, refused.body.permission]).toEqual([403, PRICE_OVERRIDE]);
    const { approvalToken } = await approve(PRICE_OVERRIDE, 'price.override');
    const parked = await park({ 'kits-approval': approvalToken });
    expect(parked.status).toBe(201);
    expect(parked.body).toMatchObject({ status: 'parked', total: 900, lines: [{ unitPrice: 900 }] });
  });

  it('a till’s sale at another price names who approved it (by the kernel, or on the till offline): accepted, audited with the cashier', async () => {
    // Another till, whose receipt numbers the online sales above have not taken.
    const seller = await tillWithShift(kit, CASHIER);
    const { approvalId } = await approve(PRICE_OVERRIDE, 'price.override', seller);
    const push = async (receiptNumber: number, approval: Record<string, unknown>) => {
      const saleId = uuidv7();
      const event = {
        id: `${seller.deviceId}#${receiptNumber}#${randomUUID()}`,
        type: 'sales.sale.completed',
        occurredAt: new Date().toISOString(),
        payload: {
          sale: {
            id: saleId,
            shiftId: seller.shiftId,
            lines: [{ variantId: mug, quantity: 2, unitPrice: 900 }],
            tenders: [{ method: 'cash', amount: 1800 }],
            expectedTotal: 1800,
          },
          receiptNumber,
          cashierId: seller.cashierId,
          approvals: [{ permission: PRICE_OVERRIDE, action: 'price.override', approverId: managerId, ...approval }],
        },
      };
      const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', {
        token: seller.token,
        body: { events: [event] },
      });
      expect(pushed.body.answers).toEqual([
        expect.objectContaining({ status: 'accepted', result: expect.objectContaining({ saleId, total: 1800 }) }),
      ]);
      return saleId;
    };
    const online = await push(1, { approvalId });
    const offline = await push(2, {});
    expect(await audited('sales.sale.approved')).toEqual([
      {
        actor_id: seller.cashierId,
        detail: {
          saleId: online,
          receiptNumber: 1,
          permission: PRICE_OVERRIDE,
          action: 'price.override',
          cashierId: seller.cashierId,
          approverId: managerId,
          approvalId,
          approvedOn: 'kernel',
        },
      },
      {
        actor_id: seller.cashierId,
        detail: {
          saleId: offline,
          receiptNumber: 2,
          permission: PRICE_OVERRIDE,
          action: 'price.override',
          cashierId: seller.cashierId,
          approverId: managerId,
          approvalId: null,
          approvedOn: 'till',
        },
      },
    ]);
    const lines = await kit.kernel.db.query<{ unit_price: string }>('select unit_price from sales.sale_lines where sale_id = $1', [
      offline,
    ]);
    expect(lines.map((line) => Number(line.unit_price))).toEqual([900]);
  });
});
