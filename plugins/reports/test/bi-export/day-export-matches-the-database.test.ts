import { randomUUID } from 'node:crypto';
import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FACT_PAGE_ROWS } from '../../src/server/bi-export/fact-pages.ts';
import { FACT_TABLES } from '../../src/server/bi-export/fact-tables.ts';
import { startTestStorage, type TestStorage } from './s3-test-storage.ts';
import {
  biExportKit,
  byKey,
  DATABASE_KINDS,
  databaseRows,
  exportNow,
  exportRecords,
  micros,
  parquetRows,
  seedFacts,
  setTimezone,
  sha256,
} from './support.ts';

// A day of a New York shop: 2026-11-20 local is [05:00Z on the 20th, 05:00Z on the 21st).
const DAY = '2026-11-20';
const FROM = '2026-11-20T05:00:00.000000Z';
const TO = '2026-11-21T05:00:00.000000Z';
const FOLDER = `shops/main/date=${DAY}/`;
const BULK_LINES = 2 * FACT_PAGE_ROWS + 1_234;

const store = randomUUID();
const tea = randomUUID();

async function seedTheDay(kit: TestKernel, tenant = kit.tenant): Promise<void> {
  const line = (saleId: string, occurredAt: string, extra: Record<string, unknown> = {}) => ({
    sale_id: saleId,
    line_no: 1,
    occurred_at: occurredAt,
    received_at: occurredAt,
    location_id: store,
    variant_id: tea,
    sku: 'TEA-1',
    name: 'Green Tea',
    quantity: 1,
    unit_price: 400,
    gross: 400,
    discount: 0,
    net: 333,
    tax: 67,
    total: 400,
    currency: 'EUR',
    ...extra,
  });
  await seedFacts(
    kit,
    'sale_lines',
    [
      line(randomUUID(), '2026-11-20T04:59:59.999999Z'), // the evening before, local: not the day's
      line(randomUUID(), FROM, { device_id: randomUUID(), cashier_id: 'c-1', receipt_number: 'R-1', category_id: randomUUID() }),
      line(randomUUID(), '2026-11-20T17:45:12.123456Z', {
        received_at: '2026-11-22T09:00:00.000001Z', // made offline, arrived two days later
        name: 'Crème brûlée 🍮 « maison »',
        quantity: 3,
        unit_price: '9007199254740993', // 2^53 + 1: exact only as int64 (a JS number would round it)
        gross: '27021597764222979',
        discount: 5,
        net: -12,
        tax: 0,
        total: -12,
      }),
      line(randomUUID(), '2026-11-21T04:59:59.999999Z'), // the day's last microsecond
      line(randomUUID(), TO), // midnight after: the next day's
    ],
    tenant,
  );
  // Thousands of lines, most sharing one instant across page boundaries: the keyset walk must neither skip nor repeat.
  await kit.kernel.db.query(
    `insert into reports.sale_lines (tenant_id, sale_id, line_no, occurred_at, received_at, location_id, device_id, cashier_id,
                                     receipt_number, variant_id, sku, name, category_id, quantity, unit_price, gross, discount, net, tax, total, currency)
     select $1::uuid, md5('sale' || (i / 3))::uuid, i % 3 + 1,
            case when i < $3::int then timestamptz '2026-11-20 15:00:00.000001+00' else timestamptz '2026-11-20 16:00:00+00' + i * interval '1 millisecond' end,
            timestamptz '2026-11-20 16:00:00+00', $2::uuid, case when i % 2 = 0 then $2::uuid end, 'c-' || (i % 7), 'R-' || i, $2::uuid,
            'SKU-' || (i % 50), 'Item ' || (i % 50), null, i % 5 + 1, 250, 250 * (i % 5 + 1), 0, 200 * (i % 5 + 1), 50 * (i % 5 + 1),
            250 * (i % 5 + 1), 'EUR'
       from generate_series(0, $4::int - 1) as i`,
    [tenant.id, randomUUID(), FACT_PAGE_ROWS + 700, BULK_LINES],
  );
  const sale = randomUUID();
  await seedFacts(
    kit,
    'tenders',
    [
      {
        source_kind: 'sale',
        source_id: sale,
        tender_no: 1,
        occurred_at: '2026-11-20T14:00:00Z',
        location_id: store,
        device_id: randomUUID(),
        method: 'cash',
        amount: 1000,
        currency: 'EUR',
      },
      {
        source_kind: 'sale',
        source_id: sale,
        tender_no: 2,
        occurred_at: '2026-11-20T14:00:00Z',
        location_id: store,
        method: 'card',
        amount: 2500,
        currency: 'EUR',
      },
      {
        source_kind: 'refund',
        source_id: randomUUID(),
        tender_no: 1,
        occurred_at: '2026-11-20T20:00:00Z',
        location_id: store,
        method: 'cash',
        amount: 400,
        currency: 'EUR',
      },
      {
        source_kind: 'sale',
        source_id: randomUUID(),
        tender_no: 1,
        occurred_at: TO,
        location_id: store,
        method: 'cash',
        amount: 1,
        currency: 'EUR',
      },
    ],
    tenant,
  );
  await seedFacts(
    kit,
    'stock_movements',
    [
      {
        movement_id: randomUUID(),
        occurred_at: '2026-11-20T05:00:00.5Z',
        location_id: store,
        variant_id: tea,
        kind: 'receive',
        quantity: 24,
        unit_cost: 180,
        cost_currency: 'EUR',
        reference_kind: 'goods_receipt',
        reference_id: 'GR-7',
        on_hand_after: 30,
      },
      {
        movement_id: randomUUID(),
        occurred_at: '2026-11-20T17:45:12.123456Z',
        location_id: store,
        variant_id: tea,
        kind: 'sale',
        quantity: -3,
        unit_cost: null,
        on_hand_after: 27,
      },
      {
        movement_id: randomUUID(),
        occurred_at: '2026-11-20T22:00:00Z',
        location_id: store,
        variant_id: tea,
        kind: 'count_correction',
        quantity: -1,
      },
    ],
    tenant,
  );
}

describe.each(DATABASE_KINDS)("exporting a day's facts as Parquet (%s)", (db) => {
  let storage: TestStorage;
  let kit: TestKernel;
  let other: TestTenant;
  beforeAll(async () => {
    storage = await startTestStorage();
    kit = await biExportKit(db, storage);
    await setTimezone(kit, 'America/New_York');
    await seedTheDay(kit);
    // Another shop's facts of the same day never reach this shop's files.
    other = await kit.createTenant();
    await setTimezone(kit, 'America/New_York', other);
    await seedTheDay(kit, other);
  }, 180_000);
  afterAll(async () => {
    await kit?.close();
    await storage?.close();
  });

  it('writes one file per fact and a manifest; every row of every file is the database row, typed exactly', async () => {
    const answer = await exportNow(kit, { day: DAY });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    const { manifest, manifestKey } = answer.body;
    expect(manifestKey).toBe(`${FOLDER}manifest.json`);
    expect(manifest).toMatchObject({
      schemaVersion: 1,
      tenantId: kit.tenant.id,
      day: DAY,
      timezone: 'America/New_York',
      from: FROM,
      to: TO,
      currency: 'EUR',
    });
    expect(manifest.files.map((f) => f.key)).toEqual(FACT_TABLES.map((t) => `${FOLDER}run=${manifest.runId}/${t.name}.parquet`));
    expect(await storage.json(manifestKey)).toEqual(manifest);
    expect(await storage.keys(FOLDER)).toEqual([...manifest.files.map((f) => f.key), manifestKey].sort());

    for (const table of FACT_TABLES) {
      const file = manifest.files.find((f) => f.fact === table.name)!;
      const bytes = await storage.bytes(file.key);
      expect(sha256(bytes)).toBe(file.sha256);
      expect(bytes.byteLength).toBe(file.bytes);
      expect(file.columns).toEqual(table.columns.map(({ name, type, nullable }) => ({ name, type, nullable })));

      const { rows, schema } = await parquetRows(bytes);
      const expected = await databaseRows(kit, table, FROM, TO);
      expect(rows).toHaveLength(file.rows);
      expect(file.rows).toBe(expected.length);
      expect([...rows].sort(byKey(table))).toEqual([...expected].sort(byKey(table)));
      // The file is in time order (what lets BI engines skip row groups by occurred_at).
      const times = rows.map((row) => row.occurred_at as bigint);
      expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
      expect(times.every((t) => t >= micros(FROM) && t < micros(TO))).toBe(true);

      expect(schema.slice(1).map((e) => e.name)).toEqual(table.columns.map((c) => c.name));
      for (const [i, c] of table.columns.entries()) {
        const element = schema[i + 1]!;
        expect(element.repetition_type).toBe(c.nullable ? 'OPTIONAL' : 'REQUIRED');
        if (c.type === 'string') expect(element).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'STRING' } });
        if (c.type === 'int32') expect(element.type).toBe('INT32');
        if (c.type === 'int64') expect(element.type).toBe('INT64');
        if (c.type === 'timestamp')
          expect(element).toMatchObject({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MICROS' } });
      }
    }
    const lines = manifest.files.find((f) => f.fact === 'sale_lines')!;
    expect(lines.rows).toBe(BULK_LINES + 3);
    const { rows: written } = await parquetRows(await storage.bytes(lines.key));
    expect(written.find((row) => row.name === 'Crème brûlée 🍮 « maison »')).toMatchObject({
      unit_price: 9_007_199_254_740_993n,
      gross: 27_021_597_764_222_979n,
      occurred_at: micros('2026-11-20T17:45:12.123456Z'),
      received_at: micros('2026-11-22T09:00:00.000001Z'),
      device_id: null,
    });

    const [record] = await exportRecords(kit);
    expect(record).toMatchObject({ day: DAY, manifest });
    // The other shop exported nothing.
    expect(await exportRecords(kit, other)).toEqual([]);
  }, 120_000);
});
