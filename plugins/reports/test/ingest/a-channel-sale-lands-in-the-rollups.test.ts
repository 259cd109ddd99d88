import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin } from '../../../../testing/first-party-plugins.ts';
import { DATABASE_KINDS, hourOf, rowsOf, sellableVariant, settled } from './support.ts';

/** A sales channel using sales@1 (core-sales' test fixture), as Shopify's order intake does. */
const CHANNEL_PROBE = fileURLToPath(new URL('../../../core-sales/test/fixtures/channel-probe', import.meta.url));
const REPORTS = fileURLToPath(new URL('../..', import.meta.url));

/**
 * An online order recorded through sales@1 has no till and no cashier (deviceId and cashierId are
 * null in its events): reports takes it in like any sale — its lines, its tender, its hour at the
 * store — and its refund too, with nothing dead-lettered.
 */
describe.each(DATABASE_KINDS)('a channel’s sale lands in the rollups, on %s', (db) => {
  let kit: TestKernel;
  let saleId: string;
  let refundId: string;
  let occurredAt: string;
  let variantId: string;
  let canceledId: string;
  let canceledAt: string;

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [firstPartyPlugin('core-inventory'), firstPartyPlugin('core-sales'), REPORTS, CHANNEL_PROBE],
      db,
    });
    ({ variantId } = await sellableVariant(kit, 'Linen shirt', 4500, 10));
    occurredAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString();
    const recorded = await kit.request<{ sale: { id: string } }>('POST', '/api/v1/channel-probe/sales', {
      body: {
        source: { channel: 'shopify', id: `gid://shopify/Order/${Date.now()}`, name: '#1001' },
        locationId: kit.tenant.locationId,
        currency: 'EUR',
        occurredAt,
        taxIncluded: true,
        lines: [{ variantId, quantity: 2, unitPrice: 4500, discount: 500, tax: 1417 }],
        charges: [{ kind: 'shipping', title: 'Standard', amount: 500, tax: 100 }],
        tenders: [{ method: 'shopify_payments', amount: 9100 }],
      },
    });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(201);
    saleId = recorded.body.sale.id;
    const refunded = await kit.request<{ refundId: string }>('POST', '/api/v1/channel-probe/refunds', {
      body: {
        source: { channel: 'shopify', id: `gid://shopify/Refund/${Date.now()}` },
        saleId,
        occurredAt: new Date().toISOString(),
        lines: [{ variantId, quantity: 1, amount: 4250, tax: 708 }],
        tenders: [{ method: 'shopify_payments', amount: 4250 }],
        restock: true,
      },
    });
    expect(refunded.status, JSON.stringify(refunded.body)).toBe(201);
    refundId = refunded.body.refundId;
    // A second order, canceled on the channel: its sale is voided.
    canceledAt = new Date(Math.floor(Date.now() / 1000) * 1000 - 2 * 3_600_000).toISOString();
    const canceled = await kit.request<{ sale: { id: string } }>('POST', '/api/v1/channel-probe/sales', {
      body: {
        source: { channel: 'shopify', id: `gid://shopify/Order/${Date.now()}-canceled`, name: '#1002' },
        locationId: kit.tenant.locationId,
        currency: 'EUR',
        occurredAt: canceledAt,
        taxIncluded: true,
        lines: [{ variantId, quantity: 1, unitPrice: 4500, discount: 0, tax: 750 }],
        tenders: [{ method: 'paypal', amount: 4500 }],
      },
    });
    expect(canceled.status, JSON.stringify(canceled.body)).toBe(201);
    canceledId = canceled.body.sale.id;
    const voided = await kit.request('POST', `/api/v1/channel-probe/sales/${canceledId}/void`, { body: { reason: 'Canceled on Shopify' } });
    expect(voided.status, JSON.stringify(voided.body)).toBe(200);
    expect(await settled(kit)).toEqual([]);
  }, 120_000);
  afterAll(async () => kit?.close());

  it('keeps its lines as facts, with no till or cashier', async () => {
    const lines = await rowsOf<Record<string, unknown>>(kit, kit.tenant.id, 'sale_lines', `sale_id = '${saleId}'`);
    expect(lines).toEqual([
      expect.objectContaining({
        device_id: null,
        cashier_id: null,
        receipt_number: null,
        variant_id: variantId,
        quantity: 2,
        gross: 9000,
        discount: 500,
        net: 7083,
        tax: 1417,
        total: 8500,
        occurred_at: occurredAt,
      }),
    ]);
  });

  it('counts it in the store’s hour, with its tender, and its refund', async () => {
    const [hour] = await rowsOf<Record<string, number>>(kit, kit.tenant.id, 'location_hours', `hour = '${hourOf(occurredAt)}'`);
    // The sale's total includes its shipping (9100); reports' tax is its goods' (the lines'), the shipping's 100 is not in it.
    expect(hour).toMatchObject({ sales: 1, items: 2, total: 9100, tax: 1417 });
    const tenders = await rowsOf<Record<string, unknown>>(kit, kit.tenant.id, 'tender_hours', `method = 'shopify_payments'`);
    expect(tenders.reduce((n, t) => n + Number(t.amount), 0)).toBe(9100);
    expect(tenders.reduce((n, t) => n + Number(t.refunded_amount), 0)).toBe(4250);
    const refundLines = await rowsOf<Record<string, unknown>>(kit, kit.tenant.id, 'refund_lines', `refund_id = '${refundId}'`);
    expect(refundLines).toEqual([
      expect.objectContaining({ sale_id: saleId, quantity: 1, amount: 4250, device_id: null, cashier_id: null }),
    ]);
  });

  it('counts a canceled (voided) order as its goods and money coming back, when it was canceled: sold and returned net to nothing', async () => {
    const sum = (rows: Array<Record<string, unknown>>, column: string) => rows.reduce((n, row) => n + Number(row[column]), 0);
    const variant = await rowsOf<Record<string, unknown>>(kit, kit.tenant.id, 'variant_hours', `variant_id = '${variantId}'`);
    // Sold: 2 (the first order) + 1 (the canceled one); returned: 1 (the refund) + 1 (the cancellation).
    expect({ sold: sum(variant, 'quantity'), returned: sum(variant, 'refunded_quantity') }).toEqual({ sold: 3, returned: 2 });
    const paypal = await rowsOf<Record<string, unknown>>(kit, kit.tenant.id, 'tender_hours', `method = 'paypal'`);
    expect({ taken: sum(paypal, 'amount'), paidBack: sum(paypal, 'refunded_amount') }).toEqual({ taken: 4500, paidBack: 4500 });
    const baskets = await rowsOf<Record<string, unknown>>(kit, kit.tenant.id, 'basket_hours', `basis = 'happened'`);
    expect({ sales: sum(baskets, 'sales'), voids: sum(baskets, 'voids'), refunded: sum(baskets, 'refunded_total') }).toEqual({
      sales: 2,
      voids: 1,
      refunded: 4250 + 4500,
    });
  });
});
