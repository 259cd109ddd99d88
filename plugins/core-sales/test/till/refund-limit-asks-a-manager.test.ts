import type { TillApproval, TillApprovalRequest } from '@kits/plugin-sdk/till';
import { describe, expect, it } from 'vitest';
import { CheckoutRefused } from '../../src/till/checkout/checkout-machine.ts';
import { allowRefund, REFUND_OVER_LIMIT, refundedPayload } from '../../src/till/checkout/refund-limit.ts';
import type { SalesTill } from '../../src/till/sales-till.ts';
import { returnAgainstReceipt, type ReturnableSale } from '../../src/till/store/returns.ts';

const fmt = (amount: number) => `€${(amount / 100).toFixed(2)}`;
const maria: TillApproval = {
  permission: REFUND_OVER_LIMIT,
  action: 'refund.over-limit',
  approverId: 'manager-1',
  approverName: 'Maria Manager',
  approvalId: 'approval-1',
  token: 'kitsok_secret',
};

/** A till whose cashier holds `permissions`; the manager's dialog answers `answer`, and what was asked is kept. */
function tillWith(permissions: readonly string[], answer: TillApproval | undefined) {
  const asked: TillApprovalRequest[] = [];
  const session = { deviceId: 'till-1', locationId: 'store-1', cashierId: 'cashier-1', cashierName: 'Cashier 1', permissions };
  return {
    asked,
    till: {
      session,
      approvals: {
        request: (ask: TillApprovalRequest) => {
          asked.push(ask);
          return Promise.resolve(answer);
        },
      },
    },
  };
}

describe('a refund above the shop’s refund limit, at the till', () => {
  it.each([
    { case: 'no limit', limit: undefined, amount: 100_000, permissions: [], answer: maria, allowance: {}, asked: 0 },
    { case: 'a limit of 0', limit: 0, amount: 100_000, permissions: [], answer: maria, allowance: {}, asked: 0 },
    { case: 'at the limit', limit: 2000, amount: 2000, permissions: [], answer: maria, allowance: {}, asked: 0 },
    {
      case: 'above it, the cashier’s own permission',
      limit: 2000,
      amount: 2001,
      permissions: [REFUND_OVER_LIMIT],
      answer: undefined,
      allowance: { cashierPermissions: [REFUND_OVER_LIMIT] },
      asked: 0,
    },
    {
      case: 'above it, every permission (*)',
      limit: 2000,
      amount: 2001,
      permissions: ['*'],
      answer: undefined,
      allowance: { cashierPermissions: [REFUND_OVER_LIMIT] },
      asked: 0,
    },
    {
      case: 'above it, a manager approves (never the token)',
      limit: 2000,
      amount: 2500,
      permissions: ['core-sales:refund'],
      answer: maria,
      allowance: {
        approvals: [{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', approverId: 'manager-1', approvalId: 'approval-1' }],
      },
      asked: 1,
    },
  ])('$case', async ({ limit, amount, permissions, answer, allowance, asked }) => {
    const { till, asked: requests } = tillWith(permissions, answer);
    const pricing = limit === undefined ? {} : { refundLimit: limit };
    expect(await allowRefund(till, amount, pricing, fmt)).toEqual(allowance);
    expect(requests).toHaveLength(asked);
  });

  it('asks the manager for this permission and action, naming the amount; cancelled, it is refused and says why', async () => {
    const { till, asked } = tillWith(['core-sales:refund'], undefined);
    const refused = await allowRefund(till, 2500, { refundLimit: 2000 }, fmt).catch((error: unknown) => error);
    expect(asked).toEqual([{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', what: 'Refund of €25.00' }]);
    expect(refused).toBeInstanceOf(CheckoutRefused);
    expect(refused).toMatchObject({
      code: 'returns.over_limit',
      permission: REFUND_OVER_LIMIT,
      message: 'A refund of €25.00 is above the refund limit of €20.00 and no manager approved it: nothing was refunded.',
    });
  });

  it('the event names the approvers in the refund and the cashier’s own permission beside it; nothing extra when none was needed', () => {
    const refund = { id: 'refund-1', saleId: 'sale-1', lines: [{ lineNo: 1, quantity: 2 }], reason: 'chipped', restock: true };
    expect(refundedPayload(refund, {})).toEqual({ refund });
    expect(refundedPayload(refund, { cashierPermissions: [REFUND_OVER_LIMIT] })).toEqual({
      refund,
      cashierPermissions: [REFUND_OVER_LIMIT],
    });
    const approvals = [{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', approverId: 'manager-1' }];
    expect(refundedPayload(refund, { approvals })).toEqual({ refund: { ...refund, approvals } });
  });

  it('a return the manager does not approve keeps nothing in the till’s log; one approved carries the approval', async () => {
    const appended: Array<{ type: string; payload: unknown }> = [];
    // Only the log's append is used: what the return keeps.
    const till = {
      events: {
        append: (type: string, payload: unknown) => {
          appended.push({ type, payload });
          return Promise.resolve();
        },
      },
    } as unknown as Pick<SalesTill, 'events'>;
    const sale: ReturnableSale = {
      saleId: 'sale-1',
      receiptNumber: 1,
      tenders: [{ method: 'cash', paid: 3750, refunded: 0 }],
      lines: [{ lineNo: 1, variantId: 'mug', name: 'Ceramic Mug', sold: 3, returned: 0, total: 3750 }],
    };
    const request = { lines: [{ lineNo: 1, quantity: 2 }], reason: 'chipped', restock: true };
    const seen: number[] = [];
    const cancelled = (amount: number) => {
      seen.push(amount);
      return Promise.reject(new CheckoutRefused('returns.over_limit', 'no manager approved it'));
    };
    await expect(returnAgainstReceipt(till, sale, request, cancelled)).rejects.toThrow('no manager approved it');
    expect([seen, appended]).toEqual([[2500], []]);

    const approvals = [{ permission: REFUND_OVER_LIMIT, action: 'refund.over-limit', approverId: 'manager-1' }];
    const done = await returnAgainstReceipt(till, sale, request, () => Promise.resolve({ approvals }));
    expect(done.amount).toBe(2500);
    expect(appended).toEqual([
      {
        type: 'sales.sale.refunded',
        payload: {
          refund: { id: done.refundId, saleId: 'sale-1', lines: [{ lineNo: 1, quantity: 2 }], reason: 'chipped', restock: true, approvals },
        },
      },
    ]);
  });
});
