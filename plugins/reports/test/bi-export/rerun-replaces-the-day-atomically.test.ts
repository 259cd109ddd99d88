import { randomUUID } from 'node:crypto';
import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStorage, type TestStorage } from './s3-test-storage.ts';
import { biExportKit, DATABASE_KINDS, exportNow, exportRecords, parquetRows, seedFacts, type RunAnswer } from './support.ts';

const DAY = '2026-10-05';
const FOLDER = `shops/main/date=${DAY}/`;
const MANIFEST = `${FOLDER}manifest.json`;

const saleLine = (occurredAt: string, quantity: number) => ({
  sale_id: randomUUID(),
  line_no: 1,
  occurred_at: occurredAt,
  received_at: occurredAt,
  location_id: randomUUID(),
  variant_id: randomUUID(),
  sku: 'MUG-1',
  name: 'Mug',
  quantity,
  unit_price: 900,
  gross: 900 * quantity,
  discount: 0,
  net: 750 * quantity,
  tax: 150 * quantity,
  total: 900 * quantity,
  currency: 'EUR',
});

/** The quantities in the day's sale_lines file the manifest in the bucket names. */
async function quantitiesInTheBucket(storage: TestStorage): Promise<number[]> {
  const manifest = (await storage.json(MANIFEST)) as RunAnswer['manifest'];
  const file = manifest.files.find((f) => f.fact === 'sale_lines')!;
  const { rows } = await parquetRows(await storage.bytes(file.key));
  return rows.map((row) => row.quantity as number).sort((a, b) => a - b);
}

describe.each(DATABASE_KINDS)('a rerun of a day (%s)', (db) => {
  let storage: TestStorage;
  let kit: TestKernel;
  beforeAll(async () => {
    storage = await startTestStorage();
    kit = await biExportKit(db, storage);
    await seedFacts(kit, 'sale_lines', [saleLine('2026-10-05T09:00:00Z', 1), saleLine('2026-10-05T10:00:00Z', 2)]);
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    await storage?.close();
  });

  it("replaces the day: new files first, then the manifest, then the old run's files are deleted", async () => {
    const first = await exportNow(kit, { day: DAY });
    expect(first.status).toBe(201);
    const firstKeys = first.body.manifest.files.map((f) => f.key);
    // A sale made offline that day reaches the server after the first export.
    await seedFacts(kit, 'sale_lines', [saleLine('2026-10-05T11:00:00Z', 5)]);

    storage.requests.length = 0;
    const second = await exportNow(kit, { day: DAY });
    expect(second.status).toBe(201);
    const { manifest } = second.body;
    expect(manifest.runId).not.toBe(first.body.manifest.runId);
    expect(await storage.json(MANIFEST)).toEqual(manifest);
    expect(await storage.keys(FOLDER)).toEqual([...manifest.files.map((f) => f.key), MANIFEST].sort());
    expect(await quantitiesInTheBucket(storage)).toEqual([1, 2, 5]);

    // The order that makes it atomic for a reader: every file of the new run, then the manifest, then deletions.
    const writes = storage.requests.filter((r) => !r.startsWith('GET'));
    const manifestAt = writes.indexOf(`PUT ${MANIFEST}`);
    expect(writes.slice(0, manifestAt)).toEqual(manifest.files.map((f) => `PUT ${f.key}`));
    expect(writes.slice(manifestAt + 1)).toEqual(['POST ?delete']);
    for (const key of firstKeys) expect(await storage.keys(key)).toEqual([]);

    const records = await exportRecords(kit);
    expect(records).toHaveLength(1);
    expect(records[0]!.manifest).toEqual(manifest);
  });

  it('a failed upload leaves the previous manifest, its files and its record as they were; the next run cleans up', async () => {
    const before = (await storage.json(MANIFEST)) as RunAnswer['manifest'];
    const [recordBefore] = await exportRecords(kit);
    await seedFacts(kit, 'sale_lines', [saleLine('2026-10-05T12:00:00Z', 7)]);

    storage.failWhen(/^PUT .*\/stock_movements\.parquet$/);
    const failed = await exportNow(kit, { day: DAY });
    storage.healed();
    expect(failed.status).toBe(502);
    expect(failed.body).toMatchObject({ code: 'reports.bi_export_storage_failed' });
    expect(failed.body.detail).toMatch(
      /could not upload s3:\/\/kits-bi\/shops\/main\/date=2026-10-05\/run=.*\/stock_movements\.parquet: InternalError \(HTTP 500\)/,
    );

    expect(await storage.json(MANIFEST)).toEqual(before);
    expect(await quantitiesInTheBucket(storage)).toEqual([1, 2, 5]);
    for (const file of before.files) expect(await storage.keys(file.key)).toEqual([file.key]);
    expect(await exportRecords(kit)).toEqual([recordBefore]);
    // What the failed run had uploaded is there, named by no manifest…
    const orphans = (await storage.keys(FOLDER)).filter((key) => key !== MANIFEST && !before.files.some((f) => f.key === key));
    expect(orphans.map((key) => key.split('/').at(-1))).toEqual(['sale_lines.parquet', 'tenders.parquet']);

    // …until the next run, which replaces the day and deletes both earlier runs.
    const retried = await exportNow(kit, { day: DAY });
    expect(retried.status).toBe(201);
    expect(await storage.keys(FOLDER)).toEqual([...retried.body.manifest.files.map((f) => f.key), MANIFEST].sort());
    expect(await quantitiesInTheBucket(storage)).toEqual([1, 2, 5, 7]);
  });

  it('a manifest that cannot be written leaves the day as it was, in the bucket and in the database', async () => {
    const before = (await storage.json(MANIFEST)) as RunAnswer['manifest'];
    const recordsBefore = await exportRecords(kit);
    storage.failWhen(/^PUT .*\/manifest\.json$/);
    const failed = await exportNow(kit, { day: DAY });
    storage.healed();
    expect(failed.status).toBe(502);
    expect(failed.body.detail).toMatch(/could not upload s3:\/\/kits-bi\/shops\/main\/date=2026-10-05\/manifest\.json/);
    expect(await storage.json(MANIFEST)).toEqual(before);
    for (const file of before.files) expect(await storage.keys(file.key)).toEqual([file.key]);
    expect(await exportRecords(kit)).toEqual(recordsBefore);
  });

  it('exports of the same day racing each other: each is done or refused whole, and the bucket names one run', async () => {
    for (let round = 0; round < 4; round += 1) {
      const answers = await Promise.all([exportNow(kit, { day: DAY }), exportNow(kit, { day: DAY }), exportNow(kit, { day: DAY })]);
      // On PGlite (one connection) they run one after another; on PostgreSQL a later one may find an earlier one running.
      for (const answer of answers) expect([201, 409]).toContain(answer.status);
      for (const refused of answers.filter((a) => a.status === 409))
        expect(refused.body).toMatchObject({ code: 'reports.bi_export_running' });
      const manifest = (await storage.json(MANIFEST)) as RunAnswer['manifest'];
      expect(answers.some((a) => a.status === 201 && a.body.manifest.runId === manifest.runId)).toBe(true);
      expect(await storage.keys(FOLDER)).toEqual([...manifest.files.map((f) => f.key), MANIFEST].sort());
      expect((await exportRecords(kit)).map((r) => r.manifest.runId)).toEqual([manifest.runId]);
    }
  });
});
