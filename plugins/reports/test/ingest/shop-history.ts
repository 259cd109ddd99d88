import type { TestKernel } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import { receiveThroughPurchasing, tillWithShift } from './support.ts';

/**
 * A small shop's day, through the plugins' own APIs, that touches every event reports takes in:
 *  1. 10 teas (category "Tea") received through purchasing at 4.00, then 10 at 5.00 (average 4.50);
 *  2. a cash sale of 2 teas at 10.00 (20 % VAT included) on till 1;
 *  3. one of them refunded to cash and restocked;
 *  4. till 2, offline, sold 1 tea 3 hours ago (pushed now: late) and voided a sale;
 *  5. 5 teas received at 5.00 in the back room (average now 4.61), counted there as 3 and approved.
 */
export interface ShopHistory {
  readonly teaId: string;
  readonly teaCategoryId: string;
  readonly teaSku: string;
  readonly storeId: string;
  readonly backRoomId: string;
  readonly tills: { readonly online: { deviceId: string; cashierId: string }; readonly offline: { deviceId: string; cashierId: string } };
  readonly onlineSaleId: string;
  readonly refundId: string;
  readonly offlineSaleId: string;
  readonly offlineSaleAt: string;
  readonly voidedSaleId: string;
  readonly voidedAt: string;
  readonly countId: string;
}

function ok<Body>(response: { status: number; body: Body }, what: string): Body {
  if (response.status >= 300) throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** Half past the hour, `hoursAgo` hours back: far from an hour's edge, so the hour a test expects is certain. */
export const halfPast = (hoursAgo: number, minutes = 30): string => {
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  at.setUTCMinutes(minutes, 0, 0);
  return at.toISOString();
};

export async function makeShopHistory(kit: TestKernel): Promise<ShopHistory> {
  const storeId = kit.tenant.locationId;
  const category = ok(
    await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/categories', { body: { name: 'Tea' } }),
    'category',
  );
  const tea = await shelveVariant(kit, { name: 'Green Tea', price: 1000, product: { categoryId: category.id } });
  await receiveThroughPurchasing(kit, tea.variantId, 10, 400);
  await receiveThroughPurchasing(kit, tea.variantId, 10, 500);

  const online = await tillWithShift(kit);
  const sale = ok(
    await kit.request<{ id: string }>('POST', '/api/v1/core-sales/sales', {
      token: online.token,
      body: { lines: [{ variantId: tea.variantId, quantity: 2 }], tenders: [{ method: 'cash', amount: 2000 }] },
    }),
    'online sale',
  );
  const refund = ok(
    await kit.request<{ id: string }>('POST', '/api/v1/core-sales/refunds', {
      token: online.token,
      body: { saleId: sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'changed their mind', restock: true },
    }),
    'refund',
  );

  const offline = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] });
  const event = tillEventLog(offline.deviceId);
  const shiftId = uuidv7();
  const offlineSaleId = uuidv7();
  const voidedSaleId = uuidv7();
  const offlineSaleAt = halfPast(3);
  const voidedAt = halfPast(3, 40);
  const pushed = ok(
    await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
      token: offline.token,
      body: {
        events: [
          event('sales.shift.opened', { shiftId, openingFloat: 5000 }, halfPast(3, 10)),
          event(
            'sales.sale.completed',
            {
              sale: {
                id: offlineSaleId,
                shiftId,
                lines: [{ variantId: tea.variantId, quantity: 1 }],
                tenders: [{ method: 'cash', amount: 1000 }],
              },
              receiptNumber: 1,
              cashierId: offline.cashierId,
            },
            offlineSaleAt,
          ),
          event('sales.sale.voided', { saleId: voidedSaleId, receiptNumber: 2, reason: 'customer walked away' }, voidedAt),
        ],
      },
    }),
    'offline push',
  );
  if (pushed.answers.some((a) => a.status !== 'accepted')) throw new Error(`offline push: ${JSON.stringify(pushed.answers)}`);

  const backRoom = ok(
    await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', { body: { name: 'Back Room', kind: 'store' } }),
    'back room',
  );
  await receiveThroughPurchasing(kit, tea.variantId, 5, 500, backRoom.id);
  const count = ok(
    await kit.request<{ id: string }>('POST', '/api/v1/core-inventory/counts', { body: { locationId: backRoom.id } }),
    'count',
  );
  ok(await kit.request('POST', `/api/v1/core-inventory/counts/${count.id}/scans`, { body: { code: tea.sku, quantity: 3 } }), 'scan');
  ok(await kit.request('POST', `/api/v1/core-inventory/counts/${count.id}/approve`), 'approve');

  return {
    teaId: tea.variantId,
    teaCategoryId: category.id,
    teaSku: tea.sku,
    storeId,
    backRoomId: backRoom.id,
    tills: {
      online: { deviceId: online.deviceId, cashierId: online.cashierId },
      offline: { deviceId: offline.deviceId, cashierId: offline.cashierId },
    },
    onlineSaleId: sale.id,
    refundId: refund.id,
    offlineSaleId,
    offlineSaleAt,
    voidedSaleId,
    voidedAt,
    countId: count.id,
  };
}
