import type { TillApproval, TillApprovalRequest } from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { CheckoutRefused } from '../../src/till/checkout/checkout-machine.ts';
import { REFUND_OVER_LIMIT } from '../../src/till/checkout/refund-limit.ts';
import { allowReturnWithoutReceipt, WITHOUT_RECEIPT } from '../../src/till/checkout/without-receipt-approval.ts';
import type { SalesTill } from '../../src/till/sales-till.ts';
import { returnWithoutReceipt } from '../../src/till/store/returns-without-receipt.ts';
import { mug, PRICING } from './support/shelf.ts';

const fmt = (amount: number) => `€${(amount / 100).toFixed(2)}`;
const approvalOf = (permission: string, action: string, approvalId?: string): TillApproval => ({
  permission,
  action,
  approverId: 'manager-1',
  approverName: 'Maria Manager',
  ...(approvalId ? { approvalId, token: 'kitsok_secret' } : {}),
});
const noReceipt = approvalOf(WITHOUT_RECEIPT, 'refund.without-receipt', 'approval-1');
const overLimit = approvalOf(REFUND_OVER_LIMIT, 'refund.over-limit');

/** A till whose cashier holds `permissions`; the manager's dialog answers each request in turn from `answers`, and what was asked is kept. */
function tillWith(permissions: readonly string[], answers: ReadonlyArray<TillApproval | undefined>) {
  const asked: TillApprovalRequest[] = [];
  const session = { deviceId: 'till-1', locationId: 'store-1', cashierId: 'cashier-1', cashierName: 'Cashier 1', permissions };
  return {
    asked,
    till: {
      session,
      approvals: {
        request: (ask: TillApprovalRequest) => {
          asked.push(ask);
          return Promise.resolve(answers[asked.length - 1]);
        },
      },
    },
  };
}

describe('a return without a receipt, at the till', () => {
  it.each([
    {
      case: 'the cashier’s own permission: nobody is asked',
      permissions: [WITHOUT_RECEIPT],
      amount: 1250,
      answers: [],
      allowance: {},
      asked: [],
    },
    {
      case: 'a cashier without it: a manager approves it, never the token',
      permissions: ['core-sales:refund'],
      amount: 1250,
      answers: [noReceipt],
      allowance: {
        approvals: [{ permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', approverId: 'manager-1', approvalId: 'approval-1' }],
      },
      asked: [{ permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', what: 'Return without a receipt: €12.50' }],
    },
    {
      case: 'the cashier’s own permission, above the limit: a manager approves the limit only',
      permissions: [WITHOUT_RECEIPT],
      amount: 2500,
      answers: [overLimit],
      allowance: { approvals: [{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', approverId: 'manager-1' }] },
      asked: [{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', what: 'Refund of €25.00' }],
    },
    {
      case: 'neither, above the limit: two dialogs in turn, both approvals named',
      permissions: ['core-sales:refund'],
      amount: 2500,
      answers: [noReceipt, overLimit],
      allowance: {
        approvals: [
          { permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', approverId: 'manager-1', approvalId: 'approval-1' },
          { permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', approverId: 'manager-1' },
        ],
      },
      asked: [
        { permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', what: 'Return without a receipt: €25.00' },
        { permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', what: 'Refund of €25.00' },
      ],
    },
    {
      case: 'without it, above the limit, holding the limit’s permission: one dialog, the cashier’s own permission beside it',
      permissions: [REFUND_OVER_LIMIT],
      amount: 2500,
      answers: [noReceipt],
      allowance: {
        cashierPermissions: [REFUND_OVER_LIMIT],
        approvals: [{ permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', approverId: 'manager-1', approvalId: 'approval-1' }],
      },
      asked: [{ permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', what: 'Return without a receipt: €25.00' }],
    },
  ])('$case', async ({ permissions, amount, answers, allowance, asked }) => {
    const { till, asked: requests } = tillWith(permissions, answers);
    expect(await allowReturnWithoutReceipt(till, amount, { refundLimit: 2000 }, fmt)).toEqual(allowance);
    expect(requests).toEqual(asked);
  });

  it.each([
    { case: 'the no-receipt dialog cancelled', answers: [undefined], code: 'returns.needs_permission', asked: 1 },
    {
      case: 'the limit’s dialog cancelled after the first was approved',
      answers: [noReceipt, undefined],
      code: 'returns.over_limit',
      asked: 2,
    },
  ])('$case: refused, saying why', async ({ answers, code, asked }) => {
    const { till, asked: requests } = tillWith(['core-sales:refund'], answers);
    const refused = await allowReturnWithoutReceipt(till, 2500, { refundLimit: 2000 }, fmt).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(CheckoutRefused);
    expect(refused).toMatchObject({ code });
    expect(requests).toHaveLength(asked);
  });

  it('the till keeps a return only when the cashier may or a manager approved it, naming the approval in the refund', async () => {
    const appended: Array<{ type: string; payload: unknown }> = [];
    const till = (permissions: readonly string[]) =>
      ({
        session: { deviceId: 'till-1', locationId: 'store-1', cashierId: 'cashier-1', cashierName: 'Cashier 1', permissions },
        catalog: {
          get: (id: string) =>
            Promise.resolve({
              id,
              name: mug.name,
              sku: mug.sku,
              taxClass: 'standard',
              prices: [{ currency: 'EUR', amount: 1250, locationId: null }],
            }),
        },
        events: {
          append: (type: string, payload: unknown) => {
            appended.push({ type, payload });
            return Promise.resolve();
          },
        },
      }) as unknown as Pick<SalesTill, 'catalog' | 'events' | 'session'>;
    const request = { lines: [{ variantId: mug.variantId, quantity: 1 }], reason: 'a gift', restock: true };

    await expect(returnWithoutReceipt(till(['core-sales:refund']), request, PRICING)).rejects.toMatchObject({
      code: 'returns.needs_permission',
    });
    const wrong = [{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', approverId: 'manager-1' }];
    await expect(
      returnWithoutReceipt(till(['core-sales:refund']), request, PRICING, () => Promise.resolve({ approvals: wrong })),
    ).rejects.toMatchObject({ code: 'returns.needs_permission' });
    expect(appended).toEqual([]);

    const approvals = [{ permission: WITHOUT_RECEIPT, action: 'refund.without-receipt', approverId: 'manager-1' }];
    const done = await returnWithoutReceipt(till(['core-sales:refund']), request, PRICING, () => Promise.resolve({ approvals }));
    expect(done.amount).toBe(1250);
    expect(appended).toEqual([
      {
        type: 'sales.sale.refunded',
        payload: {
          refund: { id: done.refundId, lines: [{ variantId: mug.variantId, quantity: 1 }], reason: 'a gift', restock: true, approvals },
        },
      },
    ]);
  });
});
