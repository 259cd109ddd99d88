import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';

export const REPORTS = fileURLToPath(new URL('../..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const SALES = firstPartyPlugin('core-sales');

export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];
const DAY_MS = 86_400_000;

/** What the shop sells (EUR, VAT included in the price) and what one unit cost it. */
export interface ShopItem {
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
}

/** A product received at `locationId` with a unit cost, so sales of it carry a margin. */
export async function stockItem(
  kit: TestKernel,
  item: { name: string; price: number; cost: number; stock: number; locationId?: string },
): Promise<ShopItem> {
  const { variantId, sku } = await shelveVariant(kit, { name: item.name, price: item.price });
  const received = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
    body: {
      locationId: item.locationId ?? kit.tenant.locationId,
      lines: [{ variantId, quantity: item.stock, unitCost: { amount: item.cost, currency: 'EUR' } }],
    },
  });
  if (received.status !== 201) throw new Error(`receive ${item.name}: ${received.status} ${JSON.stringify(received.body)}`);
  return { variantId, sku, name: item.name };
}

/** A till signed in at `locationId` (the store by default) with an open shift. */
export async function openTill(kit: TestKernel, locationId?: string): Promise<TestTill & { shiftId: string }> {
  const till = await kit.signInTill({ permissions: CASHIER, ...(locationId ? { locationId } : {}) });
  const shift = await kit.request<{ shiftId: string }>('POST', '/api/v1/core-sales/shifts', {
    token: till.token,
    body: { openingFloat: 10_000 },
  });
  if (shift.status !== 201) throw new Error(`shift: ${JSON.stringify(shift.body)}`);
  return { ...till, shiftId: shift.body.shiftId };
}

/** A cash sale rung up now (online), paid exactly; answers its total. */
export async function sellNow(kit: TestKernel, till: TestTill, lines: Array<{ variantId: string; quantity: number }>): Promise<number> {
  const priced = await kit.request<{ total: number }>('POST', '/api/v1/core-sales/sales', {
    token: till.token,
    body: { lines, tenders: [{ method: 'cash', amount: 1_000_000 }] },
  });
  if (priced.status !== 201) throw new Error(`sale: ${priced.status} ${JSON.stringify(priced.body)}`);
  return priced.body.total;
}

/** One sale a till made offline at `occurredAt`. */
export interface OfflineSale {
  readonly occurredAt: Date;
  readonly lines: Array<{ variantId: string; quantity: number }>;
  readonly paid: number;
}

/**
 * A till that was offline: its shift opened before its first sale, and its sales at the times they
 * happened, pushed now through the sync gateway (so they arrive late). Every event must be accepted.
 */
export async function pushOfflineSales(kit: TestKernel, sales: readonly OfflineSale[], locationId?: string): Promise<void> {
  const till = await kit.signInTill({ permissions: CASHIER, ...(locationId ? { locationId } : {}) });
  const event = tillEventLog(till.deviceId);
  const shiftId = randomUUID();
  const first = Math.min(...sales.map((sale) => sale.occurredAt.getTime()));
  let receipt = 0;
  const events = [
    event('sales.shift.opened', { shiftId, openingFloat: 5_000 }, new Date(first - 60_000).toISOString()),
    ...sales.map((sale) =>
      event(
        'sales.sale.completed',
        {
          sale: {
            id: randomUUID(),
            shiftId,
            lines: sale.lines,
            tenders: [{ method: 'cash', amount: sale.paid }],
            expectedTotal: sale.paid,
          },
          receiptNumber: (receipt += 1),
          cashierId: till.cashierId,
        },
        sale.occurredAt.toISOString(),
      ),
    ),
  ];
  for (let start = 0; start < events.length; start += 500) {
    const pushed = await kit.request<{ answers: Array<{ status: string; reason?: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: { events: events.slice(start, start + 500) },
    });
    const refused = pushed.body.answers.filter((answer) => answer.status !== 'accepted');
    if (pushed.status !== 200 || refused.length > 0)
      throw new Error(`offline push: ${pushed.status} ${JSON.stringify(refused.slice(0, 3))}`);
  }
}

/** `days` days before today, at `hour`:00 UTC (the test tenant's zone). */
export const daysAgoAt = (days: number, hour: number): Date => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hour) - days * DAY_MS);
};

/** Waits until `check` holds: the reports see events a moment after they were published. */
export async function until(check: () => Promise<boolean>, what: string, tries = 150): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
