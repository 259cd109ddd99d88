import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, localClock } from '../../src/server/local-days.ts';
import { startTestStorage, type TestStorage } from './s3-test-storage.ts';
import { biExportKit, biExportSettings, DATABASE_KINDS, exportNow, exportRecords, setTimezone } from './support.ts';

describe.each(DATABASE_KINDS)('POST /bi-export/runs refuses what it cannot do, and changes nothing (%s)', (db) => {
  let storage: TestStorage;
  let kit: TestKernel;
  /** Everything the refusals must leave as it was: the bucket's keys and the export records. */
  const footprint = async () => ({ keys: await storage.keys(''), records: await exportRecords(kit) });
  beforeAll(async () => {
    storage = await startTestStorage();
    kit = await biExportKit(db, storage);
    await setTimezone(kit, 'Pacific/Kiritimati'); // UTC+14: "today" there is often tomorrow in UTC
    const made = await exportNow(kit, { day: '2026-09-01' });
    expect(made.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    await storage?.close();
  });

  it.each([
    ['a day that does not exist', { day: '2026-02-30' }],
    ['a day in another format', { day: '01/09/2026' }],
    ['a word', { day: 'yesterday' }],
    ['no day', {}],
    ['a field it does not know', { day: '2026-09-01', bucket: 'elsewhere' }],
  ])('%s → 400 from the schema', async (_, body) => {
    const before = await footprint();
    const answer = await exportNow(kit, body);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(await footprint()).toEqual(before);
  });

  it("today and later, in the shop's time zone → 400 naming the last day that can be exported", async () => {
    const before = await footprint();
    const { today } = localClock(new Date(), 'Pacific/Kiritimati');
    for (const day of [today, addDays(today, 1), '2999-01-01']) {
      const answer = await exportNow(kit, { day });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'reports.bi_export_day_not_over', today, timezone: 'Pacific/Kiritimati' });
    }
    expect(await footprint()).toEqual(before);
    expect((await exportNow(kit, { day: addDays(today, -1) })).status).toBe(201);
  });

  it('without reports:export → 403', async () => {
    const before = await footprint();
    const till = await kit.signInTill({ permissions: ['reports:view'] });
    const answer = await exportNow(kit, { day: '2026-09-01' }, till.token);
    expect(answer.status).toBe(403);
    expect(await footprint()).toEqual(before);
  });

  it('not set up → 409 naming each setting to set; switched off → 409 naming the switch', async () => {
    const before = await footprint();
    const save = (settings: Record<string, unknown>) =>
      kit.request('PUT', '/api/v1/plugins/reports/settings', { body: { deadStockDays: 90, ...settings } });
    // The secrets are left out of the saves (a save that leaves a secret out keeps it): cleared with "".
    expect((await save({ biExport: { enabled: true, accessKeyId: '', secretAccessKey: '' } })).status).toBe(200);
    const unset = await exportNow(kit, { day: '2026-09-01' });
    expect(unset.status).toBe(409);
    expect(unset.body).toMatchObject({
      code: 'reports.bi_export_not_configured',
      missing: ['biExport.bucket', 'biExport.accessKeyId', 'biExport.secretAccessKey'],
    });
    expect(unset.body.detail).toMatch(
      /set biExport\.bucket, biExport\.accessKeyId, biExport\.secretAccessKey in the reports plugin's settings/,
    );

    expect((await save({ ...biExportSettings(storage), biExport: { ...biExportSettings(storage).biExport, enabled: false } })).status).toBe(
      200,
    );
    const off = await exportNow(kit, { day: '2026-09-01' });
    expect(off.status).toBe(409);
    expect(off.body).toMatchObject({ code: 'reports.bi_export_not_configured', missing: ['biExport.enabled'] });
    expect(await footprint()).toEqual(before);

    expect((await save(biExportSettings(storage))).status).toBe(200);
    expect((await exportNow(kit, { day: '2026-09-01' })).status).toBe(201);
  });

  it("a prefix another shop exports to → 409, and that shop's export is left alone", async () => {
    const other = await kit.createTenant(); // enabled with the same settings: the same bucket and prefix
    const otherAdmin = other.admin.token;
    const manifestBefore = await storage.json('shops/main/date=2026-09-01/manifest.json');
    const keysBefore = await storage.keys('');
    const answer = await exportNow(kit, { day: '2026-09-01' }, otherAdmin);
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ code: 'reports.bi_export_prefix_taken' });
    expect(answer.body.detail).toMatch(/give this shop its own BI export prefix \(biExport\.prefix\)/);
    expect(await storage.json('shops/main/date=2026-09-01/manifest.json')).toEqual(manifestBefore);
    expect(await storage.keys('')).toEqual(keysBefore);
    expect(await exportRecords(kit, other)).toEqual([]);
  });

  it('a wrong secret → 502 saying what the storage answered; nothing recorded', async () => {
    const before = await footprint();
    const settings = biExportSettings(storage, { secretAccessKey: 'not-the-secret' });
    expect((await kit.request('PUT', '/api/v1/plugins/reports/settings', { body: { deadStockDays: 90, ...settings } })).status).toBe(200);
    const answer = await exportNow(kit, { day: '2026-09-02' });
    expect(answer.status).toBe(502);
    expect(answer.body).toMatchObject({ code: 'reports.bi_export_storage_failed' });
    expect(answer.body.detail).toMatch(/SignatureDoesNotMatch \(HTTP 403\)/);
    expect(await footprint()).toEqual(before);
  });
});
