import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASHIER, countRows, salesKit, stockedVariant, tillWithShift } from './support/kits.ts';

type Answer = { status: string; code?: string; result?: Record<string, unknown> };

/**
 * A cashier without `core-sales:discount` gives a discount a manager approved with their PIN on
 * the till: a parked sale carries the kernel's approval; a pushed sale names its approver, and
 * the server audits the sale with the cashier and the manager.
 */
describe.each(['pglite', 'postgres'] as const)('discounts a manager approved on the till, on %s', (db) => {
  let kit: TestKernel;
  let till: Awaited<ReturnType<typeof tillWithShift>>;
  let managerId: string;
  let mug: string;

  const approve = async (action: string) => {
    const answer = await kit.request<{ approvalId: string; approvalToken: string }>('POST', '/api/v1/auth/step-up', {
      token: till.token,
      body: { approverId: managerId, pin: '8642', permission: 'core-sales:discount', action },
    });
    expect(answer.status).toBe(201);
    return answer.body;
  };
  const audited = (action: string) =>
    kit.kernel.db.query<{ actor_id: string; detail: Record<string, unknown> }>(
      'select actor_id, detail from kernel.audit_log where action = $1 order by audit_id',
      [action],
    );

  beforeAll(async () => {
    kit = await salesKit(db);
    till = await tillWithShift(kit, CASHIER);
    mug = await stockedVariant(kit, 1250, 10);
    managerId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'maria@shop.test', displayName: 'Maria Manager', pin: '8642' },
      })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Manager', permissions: ['core-sales:checkout', 'core-sales:discount'] },
      })
    ).body.id;
    await kit.request('POST', `/api/v1/tenants/current/users/${managerId}/grants`, {
      body: { roleId: role, locationId: kit.tenant.locationId },
    });
  });
  afterAll(async () => kit?.close());

  it('parking a discounted sale needs the permission; the manager’s approval serves one park, not a second', async () => {
    const park = (headers: Record<string, string> = {}) =>
      kit.request<{ code?: string; status?: string; cartDiscount?: unknown }>('POST', '/api/v1/core-sales/parked', {
        token: till.token,
        headers,
        body: { lines: [{ variantId: mug, quantity: 1 }], cartDiscount: { kind: 'percent', basisPoints: 1000 } },
      });
    const parked = () => countRows(kit, "sales.sales where status = 'parked'");
    const refused = await park();
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.forbidden');
    expect(await parked()).toBe(0);

    const { approvalToken } = await approve('discount.sale');
    const approved = await park({ 'kits-approval': approvalToken });
    expect(approved.status).toBe(201);
    expect(approved.body).toMatchObject({ status: 'parked', cartDiscount: { kind: 'percent', basisPoints: 1000 } });
    const again = await park({ 'kits-approval': approvalToken });
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('auth.approval_invalid');
    expect(await parked()).toBe(1);
  });

  it('a pushed sale names who approved its discount (by the kernel, or on the till offline): the server audits it with the cashier', async () => {
    const { approvalId } = await approve('discount.line');
    const offlineManager = managerId;
    const saleId = uuidv7();
    const event = {
      id: `${till.deviceId}#1#${randomUUID()}`,
      type: 'sales.sale.completed',
      occurredAt: new Date().toISOString(),
      payload: {
        sale: {
          id: saleId,
          shiftId: till.shiftId,
          lines: [{ variantId: mug, quantity: 2, discount: { kind: 'amount', amount: 250 } }],
          cartDiscount: { kind: 'percent', basisPoints: 1000 },
          tenders: [{ method: 'cash', amount: 2025 }],
          expectedTotal: 2025,
        },
        receiptNumber: 1,
        cashierId: till.cashierId,
        approvals: [
          { permission: 'core-sales:discount', action: 'discount.line', approverId: managerId, approvalId },
          { permission: 'core-sales:discount', action: 'discount.sale', approverId: offlineManager },
        ],
      },
    };
    const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events: [event] } });
    expect(pushed.body.answers.map((answer) => answer.status)).toEqual(['accepted']);
    expect(pushed.body.answers[0]?.result).toMatchObject({ saleId, total: 2025 });
    const entries = await audited('sales.sale.approved');
    expect(entries).toEqual([
      {
        actor_id: till.cashierId,
        detail: {
          saleId,
          receiptNumber: 1,
          permission: 'core-sales:discount',
          action: 'discount.line',
          cashierId: till.cashierId,
          approverId: managerId,
          approvalId,
          approvedOn: 'kernel',
        },
      },
      {
        actor_id: till.cashierId,
        detail: {
          saleId,
          receiptNumber: 1,
          permission: 'core-sales:discount',
          action: 'discount.sale',
          cashierId: till.cashierId,
          approverId: managerId,
          approvalId: null,
          approvedOn: 'till',
        },
      },
    ]);
  });

  it('a sale whose approvals are malformed is denied whole: no sale, no audit entry', async () => {
    const sales = await countRows(kit, 'sales.sales');
    const entries = (await audited('sales.sale.approved')).length;
    const event = {
      id: `${till.deviceId}#2#${randomUUID()}`,
      type: 'sales.sale.completed',
      occurredAt: new Date().toISOString(),
      payload: {
        sale: {
          id: uuidv7(),
          shiftId: till.shiftId,
          lines: [{ variantId: mug, quantity: 1, discount: { kind: 'amount', amount: 100 } }],
          tenders: [{ method: 'cash', amount: 1150 }],
        },
        receiptNumber: 2,
        cashierId: till.cashierId,
        approvals: [{ permission: 'core-sales:discount', action: 'discount.line', approverId: 'Maria' }],
      },
    };
    const pushed = await kit.request<{ answers: Answer[] }>('POST', '/api/v1/sync/push', { token: till.token, body: { events: [event] } });
    expect(pushed.body.answers.map((answer) => [answer.status, answer.code])).toEqual([['denied', 'sales.malformed_event']]);
    expect(await countRows(kit, 'sales.sales')).toBe(sales);
    expect((await audited('sales.sale.approved')).length).toBe(entries);
  });
});
