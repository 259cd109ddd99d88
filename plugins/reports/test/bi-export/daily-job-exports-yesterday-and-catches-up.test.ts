import { randomUUID } from 'node:crypto';
import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TICK_MS } from '../../src/server/bi-export/daily-job.ts';
import { addDays, localClock } from '../../src/server/local-days.ts';
import { startTestStorage, type TestStorage } from './s3-test-storage.ts';
import { biExportKit, biExportSettings, exportRecords, parquetRows, seedFacts, setTimezone, type RunAnswer } from './support.ts';

const saleLine = (occurredAt: string, quantity: number) => ({
  sale_id: randomUUID(),
  line_no: 1,
  occurred_at: occurredAt,
  received_at: occurredAt,
  location_id: randomUUID(),
  variant_id: randomUUID(),
  sku: 'BREAD',
  name: 'Sourdough',
  quantity,
  unit_price: 450,
  gross: 450 * quantity,
  discount: 0,
  net: 425 * quantity,
  tax: 25 * quantity,
  total: 450 * quantity,
  currency: 'EUR',
});

// The job ticks every EXPORT_TICK_MS; these tests wait for real ticks (PostgreSQL only: PGlite's run of the same code is the route's tests).
const TICKS = (n: number) => n * EXPORT_TICK_MS + 20_000;

describe('the daily BI export job', () => {
  let storage: TestStorage;
  let kit: TestKernel;
  let switchedOff: TestTenant;
  const today = localClock(new Date(), 'UTC').today;
  const yesterday = addDays(today, -1);
  const dayBefore = addDays(today, -2);
  const days = async (tenant = kit.tenant) => (await exportRecords(kit, tenant)).map((r) => r.day);

  beforeAll(async () => {
    storage = await startTestStorage();
    kit = await biExportKit('postgres', storage);
    await setTimezone(kit, 'UTC');
    await seedFacts(kit, 'sale_lines', [
      saleLine(`${dayBefore}T10:00:00Z`, 1),
      saleLine(`${yesterday}T10:00:00Z`, 2),
      saleLine(`${today}T00:00:01Z`, 3),
    ]);
    // A shop with the export switched off: its facts stay home.
    switchedOff = await kit.createTenant();
    const off = biExportSettings(storage, { enabled: false, prefix: 'shops/off' });
    expect(
      (
        await kit.request('PUT', '/api/v1/plugins/reports/settings', {
          token: switchedOff.admin.token,
          body: { deadStockDays: 90, ...off },
        })
      ).status,
    ).toBe(200);
    await seedFacts(kit, 'sale_lines', [saleLine(`${yesterday}T11:00:00Z`, 9)], switchedOff);
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    await storage?.close();
  });

  it(
    'exports yesterday first, then the missed day before it, one day per tick; never today, never a switched-off shop',
    async () => {
      const first = await eventually(days, (found) => found.length > 0, TICKS(2));
      expect(first).toEqual([yesterday]);
      const both = await eventually(days, (found) => found.length === 2, TICKS(2));
      expect(both).toEqual([dayBefore, yesterday]);
      const records = await exportRecords(kit);
      expect(records[0]!.exported_at >= records[1]!.exported_at).toBe(true);
      expect(records.map((r) => r.manifest.files.find((f) => f.fact === 'sale_lines')!.rows)).toEqual([1, 1]);
      expect(await storage.keys(`shops/main/date=${today}/`)).toEqual([]);
      expect(await days(switchedOff)).toEqual([]);
      expect(await storage.keys('shops/off/')).toEqual([]);
    },
    TICKS(5),
  );

  it(
    "exports a day again when its facts changed after the export (a late offline sale), at the next day's run",
    async () => {
      const before = (await exportRecords(kit)).find((r) => r.day === dayBefore)!.manifest;
      // A sale made offline the day before yesterday reaches the server now…
      await seedFacts(kit, 'sale_lines', [saleLine(`${dayBefore}T18:30:00Z`, 4)]);
      // …and a new day begins: yesterday's export is due again (as the next morning, with another yesterday, would be).
      await kit.kernel.db.query('delete from reports.bi_exports where tenant_id = $1 and day = $2', [kit.tenant.id, yesterday]);
      const redone = await eventually(
        () => exportRecords(kit),
        (records) => records.length === 2 && records.find((r) => r.day === dayBefore)!.manifest.runId !== before.runId,
        TICKS(4),
      );
      const again = redone.find((r) => r.day === dayBefore)!.manifest;
      expect(again.runId).not.toBe(before.runId);
      const manifest = (await storage.json(`shops/main/date=${dayBefore}/manifest.json`)) as RunAnswer['manifest'];
      expect(manifest.runId).toBe(again.runId);
      const { rows } = await parquetRows(await storage.bytes(manifest.files.find((f) => f.fact === 'sale_lines')!.key));
      expect(rows.map((row) => row.quantity).sort()).toEqual([1, 4]);
    },
    TICKS(6),
  );
});
