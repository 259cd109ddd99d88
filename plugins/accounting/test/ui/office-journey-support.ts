import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { TestKernel } from '@kits/kernel/test-kit';
import { tillEventLog } from '@kits/plugin-sdk/test-kit';
import type { Page } from 'playwright-core';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';

/**
 * What the accounting plugin's office tests share: screenshots at a desk and a phone size under
 * docs/screenshots/accounting/, a shop's stock, and a day of sales a till made offline (its shift
 * left open, so the day has ended but is not closed: the merchant exports it by hand).
 */

export const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/accounting/', import.meta.url));

/** A desk screen and a phone: every accounting page is looked at on both. */
export const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Screenshots of the page at each size (`<name>-<w>x<h>.png`), full page, the viewport put back after. */
export async function shoot(page: Page, name: string): Promise<void> {
  // Toasts come and go: the pictures show the page under them.
  const dismiss = page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
    await page.screenshot({ path: `${SHOTS}${name}-${size.width}x${size.height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];
const DAY_MS = 86_400_000;

/** A product on the shelf at the store with a unit cost (EUR, VAT included in the price), so its sales post cost of goods sold. */
export async function stockItem(kit: TestKernel, item: { name: string; price: number; cost: number; stock: number }): Promise<string> {
  const { variantId } = await shelveVariant(kit, { name: item.name, price: item.price });
  const received = await kit.request('POST', '/api/v1/core-inventory/stock/receive', {
    body: {
      locationId: kit.tenant.locationId,
      lines: [{ variantId, quantity: item.stock, unitCost: { amount: item.cost, currency: 'EUR' } }],
    },
  });
  if (received.status !== 201) throw new Error(`receive ${item.name}: ${received.status} ${JSON.stringify(received.body)}`);
  return variantId;
}

/** `days` days before today at `hour`:00 UTC. */
export const daysAgoAt = (days: number, hour: number): Date => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate(), hour) - days * DAY_MS);
};

export interface OfflineSale {
  readonly occurredAt: Date;
  readonly lines: ReadonlyArray<{ variantId: string; quantity: number }>;
  /** Cash handed over, exactly the total. */
  readonly paid: number;
}

/**
 * Sales a till made offline at the times they happened, pushed now through the sync gateway; its
 * shift opened before the first and is still open. Every event must be accepted.
 */
export async function pushOfflineSales(kit: TestKernel, sales: readonly OfflineSale[]): Promise<void> {
  const till = await kit.signInTill({ permissions: CASHIER });
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
  const pushed = await kit.request<{ answers: Array<{ status: string; reason?: string }> }>('POST', '/api/v1/sync/push', {
    token: till.token,
    body: { events },
  });
  const refused = pushed.body.answers.filter((answer) => answer.status !== 'accepted');
  if (pushed.status !== 200 || refused.length > 0) throw new Error(`offline push: ${pushed.status} ${JSON.stringify(refused.slice(0, 3))}`);
}

/** Waits until `check` holds (events reach the accounting ledger a moment after they are published). */
export async function until(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
