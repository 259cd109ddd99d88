import { randomUUID } from 'node:crypto';
import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import { FACT_TABLES } from '../../src/server/bi-export/fact-tables.ts';
import { addDays, localClock } from '../../src/server/local-days.ts';
import { startTestStorage, type TestStorage } from './s3-test-storage.ts';
import { biExportKit, byKey, DATABASE_KINDS, databaseRows, exportNow, micros, parquetRows, setTimezone } from './support.ts';

describe.each(DATABASE_KINDS)("a till's sales of yesterday, sent late, in yesterday's files (%s)", (db) => {
  let storage: TestStorage;
  let kit: TestKernel;
  let till: TestTill;
  let teaId: string;
  const yesterday = addDays(localClock(new Date(), 'Asia/Kolkata').today, -1);
  const saleIds = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    storage = await startTestStorage();
    kit = await biExportKit(db, storage, { withSales: true });
    await setTimezone(kit, 'Asia/Kolkata');
    teaId = (await shelveVariant(kit, { name: 'Green Tea', price: 1000, stock: 20 })).variantId;
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    // The till was offline all of yesterday afternoon; it sends the day's sales now.
    const event = tillEventLog(till.deviceId);
    const shiftId = randomUUID();
    const at = (time: string) => new Date(`${yesterday}T${time}+05:30`).toISOString();
    const pushed = await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: {
        events: [
          event('sales.shift.opened', { shiftId, openingFloat: 5000 }, at('13:00:00')),
          event(
            'sales.sale.completed',
            {
              sale: { id: saleIds[0], shiftId, lines: [{ variantId: teaId, quantity: 2 }], tenders: [{ method: 'cash', amount: 2000 }] },
              receiptNumber: 1,
              cashierId: till.cashierId,
            },
            at('14:15:00'),
          ),
          event(
            'sales.sale.completed',
            {
              sale: { id: saleIds[1], shiftId, lines: [{ variantId: teaId, quantity: 1 }], tenders: [{ method: 'cash', amount: 1000 }] },
              receiptNumber: 2,
              cashierId: till.cashierId,
            },
            at('23:59:30'), // 30 seconds before midnight in India (UTC+05:30, no summer time): still yesterday there, not in UTC
          ),
        ],
      },
    });
    expect(pushed.body.answers.map((a) => a.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const ingested = await eventually(
      () =>
        kit.kernel.db.query<{ n: number }>('select count(*)::int as n from reports.sale_lines where sale_id = any($1::uuid[])', [saleIds]),
      ([row]) => row!.n === 2,
      30_000,
    );
    expect(ingested[0]!.n).toBe(2);
  }, 180_000);
  afterAll(async () => {
    await kit?.close();
    await storage?.close();
  });

  it('the export holds the sales as they were made, and every file is the database', async () => {
    const answer = await exportNow(kit, { day: yesterday });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const { manifest } = answer.body;
    const read = async (fact: string) => parquetRows(await storage.bytes(manifest.files.find((f) => f.fact === fact)!.key));

    const lines = (await read('sale_lines')).rows.filter((row) => saleIds.includes(row.sale_id as string));
    expect(
      lines.map((l) => ({
        sale: l.sale_id,
        quantity: l.quantity,
        unit_price: l.unit_price,
        gross: l.gross,
        total: l.total,
        currency: l.currency,
      })),
    ).toEqual([
      { sale: saleIds[0], quantity: 2, unit_price: 1000n, gross: 2000n, total: 2000n, currency: 'EUR' },
      { sale: saleIds[1], quantity: 1, unit_price: 1000n, gross: 1000n, total: 1000n, currency: 'EUR' },
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({
        variant_id: teaId,
        device_id: till.deviceId,
        cashier_id: till.cashierId,
        location_id: kit.tenant.locationId,
        name: 'Green Tea',
      });
      expect((line.net as bigint) + (line.tax as bigint)).toBe(line.total);
      // Made yesterday by the till's clock; received today.
      expect(line.received_at as bigint).toBeGreaterThan(line.occurred_at as bigint);
    }
    expect(lines[1]!.occurred_at).toBe(micros(new Date(`${yesterday}T23:59:30+05:30`).toISOString()));

    const tenders = (await read('tenders')).rows.filter((row) => saleIds.includes(row.source_id as string));
    expect(tenders.map((t) => [t.source_kind, t.method, t.amount])).toEqual([
      ['sale', 'cash', 2000n],
      ['sale', 'cash', 1000n],
    ]);

    for (const table of FACT_TABLES) {
      const { rows } = await read(table.name);
      expect(rows.length).toBe(manifest.files.find((f) => f.fact === table.name)!.rows);
      expect([...rows].sort(byKey(table))).toEqual([...(await databaseRows(kit, table, manifest.from, manifest.to))].sort(byKey(table)));
    }
  });
});
