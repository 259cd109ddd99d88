import { fileURLToPath } from 'node:url';
import type { TestKernel } from '@kits/kernel/test-kit';
import type { ExternalRefund, ExternalSale, ExternalSaleResult, SaleSummary } from '@kits/plugin-sdk';
import { createTestKernel } from '@kits/kernel/test-kit';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { TEST_CARD_READER } from './kits.ts';

/** A sales channel (as Shopify's order intake is) using sales@1 through routes: `test/fixtures/channel-probe`. */
export const CHANNEL_PROBE = fileURLToPath(new URL('../fixtures/channel-probe', import.meta.url));
const SALES = fileURLToPath(new URL('../..', import.meta.url));
const PROBE = '/api/v1/channel-probe';

/** Inventory, sales with the payments@2 test card reader (card captures are live), and the channel probe. */
export const channelKit = (db: 'pglite' | 'postgres') =>
  createTestKernel({ plugins: [firstPartyPlugin('core-inventory'), SALES, TEST_CARD_READER, CHANNEL_PROBE], db });

type Problem = { code: string; detail: string };

export const recordSale = (kit: TestKernel, sale: ExternalSale, token?: string) =>
  kit.request<ExternalSaleResult & Problem>('POST', `${PROBE}/sales`, { body: sale, ...(token ? { token } : {}) });

export const recordRefund = (kit: TestKernel, refund: ExternalRefund) =>
  kit.request<{ refundId: string; created: boolean } & Problem>('POST', `${PROBE}/refunds`, { body: refund });

export const voidSale = (kit: TestKernel, saleId: string, reason: string) =>
  kit.request<{ voided: boolean } & Problem>('POST', `${PROBE}/sales/${saleId}/void`, { body: { reason } });

export const saleBySource = async (kit: TestKernel, channel: string, id: string): Promise<SaleSummary | null> =>
  (await kit.request<{ sale: SaleSummary | null }>('GET', `${PROBE}/by-source?channel=${channel}&id=${encodeURIComponent(id)}`)).body.sale;

export const reserve = (kit: TestKernel, orderId: string, lines: Array<{ variantId: string; locationId: string; quantity: number }>) =>
  kit.request<{ id: string }>('POST', `${PROBE}/reserve`, { body: { orderId, lines } });

let orders = 1000;
/** A Shopify-like order id and name, new each call. */
export function nextOrder(): { channel: 'shopify'; id: string; name: string } {
  orders += 1;
  return { channel: 'shopify', id: `gid://shopify/Order/${Date.now()}${orders}`, name: `#${orders}` };
}

/** An order of `lines` (unit price and tax per unit, tax on top), paid in full through `shopify_payments`. */
export function orderOf(
  locationId: string,
  lines: Array<{ variantId: string; quantity: number; unitPrice: number; tax?: number; discount?: number }>,
  extra: Partial<ExternalSale> = {},
): ExternalSale {
  const saleLines = lines.map((l) => ({
    variantId: l.variantId,
    quantity: l.quantity,
    unitPrice: l.unitPrice,
    discount: l.discount ?? 0,
    tax: l.tax ?? 0,
  }));
  const charges = extra.charges ?? [];
  const total =
    saleLines.reduce((n, l) => n + l.unitPrice * l.quantity - l.discount + l.tax, 0) + charges.reduce((n, c) => n + c.amount + c.tax, 0);
  return {
    source: nextOrder(),
    locationId,
    currency: 'EUR',
    occurredAt: new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000).toISOString(),
    taxIncluded: false,
    lines: saleLines,
    tenders: [{ method: 'shopify_payments', amount: total, reference: 'gid://shopify/OrderTransaction/1' }],
    ...extra,
  };
}
