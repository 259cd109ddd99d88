import type { TestKernel } from '@kits/kernel/test-kit';
import type { EventEnvelope } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents, rebuildTenant } from '../../src/server/ingest/index.ts';
import { NO_CATEGORY } from '../../src/server/ingest/rollup-rows.ts';
import { DATABASE_KINDS, reportsKit, reportsTransaction, rowsOf, snapshot } from './support.ts';

/**
 * A refund event names no category: its lines count in category_hours in the category their
 * variant was sold in on the refunded sale, when reports applied that sale first. Whatever order
 * the two are applied in — one after the other, or at the same moment — a rebuild from the journal
 * ends exactly where the live path did.
 */
describe.each(DATABASE_KINDS)('refunds count in the category they were sold in, on %s', (db) => {
  let kit: TestKernel;
  let tenant: string;
  const category = uuidv7();
  const variant = uuidv7();

  beforeAll(async () => {
    kit = await reportsKit(db);
    tenant = kit.tenant.id;
  });
  afterAll(async () => kit?.close());

  const envelope = (type: string, occurredAt: string, payload: unknown): EventEnvelope => ({
    id: uuidv7(),
    tenantId: tenant,
    type,
    version: 1,
    source: 'core-sales',
    occurredAt,
    payload,
  });
  /** A sale of 2 and a refund of 1 of them, each in an hour of its own (day `n` of 2021). */
  const saleAndRefund = (n: number) => {
    const saleId = uuidv7();
    const soldAt = new Date(Date.UTC(2021, 0, n, 10, 15)).toISOString();
    const refundedAt = new Date(Date.UTC(2021, 0, n, 15, 15)).toISOString();
    const place = { deviceId: null, locationId: kit.tenant.locationId, cashierId: 'cashier-1', currency: 'EUR' };
    const sale = envelope('sales.sale.completed', soldAt, {
      id: saleId,
      ...place,
      total: 1200,
      occurredAt: soldAt,
      receivedAt: soldAt,
      lines: [
        {
          lineNo: 1,
          variantId: variant,
          sku: 'TEA-1',
          name: 'Tea',
          categoryId: category,
          quantity: 2,
          unitPrice: 600,
          gross: 1200,
          promotionDiscount: 0,
          lineDiscount: 0,
          cartDiscount: 0,
          net: 1000,
          tax: 200,
          total: 1200,
        },
      ],
      tenders: [{ method: 'cash', amount: 1200 }],
    });
    const refund = envelope('sales.sale.refunded', refundedAt, {
      id: uuidv7(),
      saleId,
      ...place,
      total: 600,
      restock: false,
      occurredAt: refundedAt,
      receivedAt: refundedAt,
      lines: [{ variantId: variant, quantity: 1, amount: 600, tax: 100 }],
      tenders: [{ method: 'cash', amount: 600 }],
    });
    return { sale, refund, refundHour: new Date(Date.UTC(2021, 0, n, 15)).toISOString() };
  };
  const ingest = (event: EventEnvelope) => reportsTransaction(kit, tenant)((sql) => ingestEvents(sql, [event]));
  const refundedIn = async (hour: string) =>
    (
      await rowsOf<{ category_id: string; refunded_quantity: number; refunded_net: number }>(
        kit,
        tenant,
        'category_hours',
        `hour = '${hour}'`,
      )
    ).map((row) => [row.category_id, row.refunded_quantity, row.refunded_net]);

  it('a refund applied after its sale counts in the sale’s category', async () => {
    const { sale, refund, refundHour } = saleAndRefund(1);
    await ingest(sale);
    await ingest(refund);
    expect(await refundedIn(refundHour)).toEqual([[category, 1, 500]]);
  });

  it('a refund applied before its sale counts under no category, and stays there when the sale comes', async () => {
    const { sale, refund, refundHour } = saleAndRefund(2);
    await ingest(refund);
    await ingest(sale);
    expect(await refundedIn(refundHour)).toEqual([[NO_CATEGORY, 1, 500]]);
  });

  it('sales and their refunds applied at the same moment, race after race: the rebuild ends where the live path did', async () => {
    for (let race = 0; race < 10; race++) {
      const { sale, refund, refundHour } = saleAndRefund(10 + race);
      await Promise.all((race % 2 === 0 ? [sale, refund] : [refund, sale]).map(ingest));
      const [row] = await refundedIn(refundHour);
      expect([category, NO_CATEGORY]).toContain(row![0]);
    }
    const live = await snapshot(kit, tenant);
    await rebuildTenant({ transaction: reportsTransaction(kit, tenant) });
    expect(await snapshot(kit, tenant)).toEqual(live);
    // And in batches of three, where a sale and its refund may share a batch in either order.
    await rebuildTenant({ transaction: reportsTransaction(kit, tenant), step: { batchSize: 3, clearRows: 7 } });
    expect(await snapshot(kit, tenant)).toEqual(live);
  });
});
