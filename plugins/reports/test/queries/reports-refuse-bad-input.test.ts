import type { TestKernel } from '@kits/kernel/test-kit';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardReport, InventoryHealthReport } from '../../src/shared/report-types.ts';
import type { SalesAnswer } from '../../src/shared/sales-answer.ts';
import { cutTenantDays } from '../days/support.ts';
import { addLocation, DATABASE_KINDS, queriesKit, reportsFootprint, seedRollup, staffMember } from './support.ts';

interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: Array<{ field: string; message: string }>;
}

const SALES = '/api/v1/reports/sales?from=2026-12-01&to=2026-12-07';
const HEALTH = '/api/v1/reports/inventory-health';
const DASHBOARD = '/api/v1/reports/dashboard';

/** Every report route answers bad input and forbidden locations with a problem, and changes nothing. */
describe.each(DATABASE_KINDS)('report routes refuse bad input on %s', (db) => {
  let kit: TestKernel;
  let harbour: string;
  let before: Record<string, number>;

  beforeAll(async () => {
    kit = await queriesKit(db);
    harbour = await addLocation(kit, 'Harbour Street');
    const device = '00000000-0000-7000-8000-000000000009';
    await seedRollup(kit, 'basket_hours', [
      {
        basis: 'happened',
        location_id: kit.tenant.locationId,
        device_id: device,
        cashier_id: 'c',
        hour: '2026-12-02T10:00:00Z',
        sales: 1,
        items: 1,
        net: 100,
        total: 120,
      },
      {
        basis: 'happened',
        location_id: harbour,
        device_id: device,
        cashier_id: 'c',
        hour: '2026-12-02T10:00:00Z',
        sales: 2,
        items: 2,
        net: 900,
        total: 1_080,
      },
    ]);
    // The shop's days are cut first: the job then has nothing to write while the refusals are counted.
    await cutTenantDays(kit, kit.tenant, 'UTC');
    before = await reportsFootprint(kit);
  });
  afterAll(async () => {
    // However it was refused, nothing in reports' tables changed.
    if (kit) expect(await reportsFootprint(kit)).toEqual(before);
    await kit?.close();
  });

  const problem = async (url: string, token?: string): Promise<Problem> => {
    const answer = await kit.request<Problem>('GET', url, token === undefined ? {} : { token });
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body.status).toBe(answer.status);
    return answer.body;
  };

  describe('GET /reports/sales', () => {
    it.each([
      ['from=2026-12-08&to=2026-12-01', 'reports.range_reversed', 'querystring.from'],
      ['from=2026-12-01&to=2027-01-01&by=hour', 'reports.range_too_large', 'querystring.to'],
      ['from=2024-01-01&to=2026-01-02&by=day', 'reports.range_too_large', 'querystring.to'],
      ['from=2024-01-01&to=2026-01-02&by=month', 'reports.range_too_large', 'querystring.to'],
      ['from=2025-01-01&to=2026-01-02&by=week&group=product', 'reports.range_too_large', 'querystring.to'],
      ['from=2024-01-01&to=2026-01-02&by=month&group=product', 'reports.range_too_large', 'querystring.to'],
      ['from=2026-12-01&to=2026-12-07&by=fortnight', 'request.invalid', 'querystring.by'],
      ['from=2026-12-01&to=2026-12-07&group=supplier', 'request.invalid', 'querystring.group'],
      ['from=2026-12-01&to=2026-12-07&basis=shipped', 'request.invalid', 'querystring.basis'],
      ['from=2026-12-01&to=2026-12-07&compare=next', 'request.invalid', 'querystring.compare'],
      ['from=2026-12-01&to=2026-12-07&format=xlsx', 'request.invalid', 'querystring.format'],
      ['from=2026-02-30&to=2026-03-07', 'request.invalid', 'querystring.from'],
      ['from=yesterday&to=2026-03-07', 'request.invalid', 'querystring.from'],
      ['to=2026-12-07', 'request.invalid', 'querystring.from'],
      ['from=2026-12-01&to=2026-12-07&locationId=store-1', 'request.invalid', 'querystring.locationId'],
      ['from=2026-12-01&to=2026-12-07&currency=USD', 'request.invalid', 'querystring.currency'],
      ['from=2026-12-01&to=2026-12-07&basis=arrived&group=product', 'reports.basis_unsupported', 'querystring.basis'],
      ['from=2026-12-01&to=2026-12-07&basis=arrived&group=tender', 'reports.basis_unsupported', 'querystring.basis'],
    ])('?%s → 400 %s naming %s', async (query, code, field) => {
      const answer = await problem(`/api/v1/reports/sales?${query}`);

      expect(answer).toMatchObject({ status: 400, code });
      expect(answer.errors?.map((error) => error.field)).toContain(field);
      expect(answer.detail.length).toBeGreaterThan(20);
    });

    it('a location the shop does not have → 404 reports.unknown_location', async () => {
      expect(await problem(`${SALES}&locationId=${randomUUID()}`)).toMatchObject({ status: 404, code: 'reports.unknown_location' });
    });
  });

  describe('GET /reports/inventory-health', () => {
    it.each([
      ['locationId=not-a-uuid', 'request.invalid', 'querystring.locationId'],
      ['deadStockDays=0', 'request.invalid', 'querystring.deadStockDays'],
      ['deadStockDays=731', 'request.invalid', 'querystring.deadStockDays'],
      ['deadStockDays=ninety', 'request.invalid', 'querystring.deadStockDays'],
      ['limit=0', 'request.invalid', 'querystring.limit'],
      ['limit=201', 'request.invalid', 'querystring.limit'],
      ['format=pdf', 'request.invalid', 'querystring.format'],
      ['sort=value', 'request.invalid', 'querystring.sort'],
      ['sort=name', 'request.invalid', 'querystring.sort'],
      ['sort=onHand&dir=up', 'request.invalid', 'querystring.dir'],
      ['show=expired', 'request.invalid', 'querystring.show'],
      ['cursor=not-a-cursor!', 'pagination.bad_cursor', 'querystring.cursor'],
      [`cursor=${Buffer.from(JSON.stringify(['x', 1])).toString('base64url')}`, 'pagination.bad_cursor', 'querystring.cursor'],
      // A cursor handed out for another order, or one whose sort value is not a value of the sort.
      [
        `sort=onHand&cursor=${Buffer.from(JSON.stringify(['stockValue', 'desc', '10', randomUUID(), randomUUID()])).toString('base64url')}`,
        'pagination.bad_cursor',
        'querystring.cursor',
      ],
      [
        `sort=lastSaleAt&cursor=${Buffer.from(JSON.stringify(['lastSaleAt', 'desc', 'yesterday', randomUUID(), randomUUID()])).toString('base64url')}`,
        'pagination.bad_cursor',
        'querystring.cursor',
      ],
    ])('?%s → 400 %s naming %s', async (query, code, field) => {
      const answer = await problem(`${HEALTH}?${query}`);

      expect(answer).toMatchObject({ status: 400, code });
      expect(answer.errors?.map((error) => error.field)).toContain(field);
    });

    it('a location the shop does not have → 404 reports.unknown_location', async () => {
      expect(await problem(`${HEALTH}?locationId=${randomUUID()}`)).toMatchObject({ status: 404, code: 'reports.unknown_location' });
    });
  });

  describe('GET /reports/dashboard', () => {
    it.each([
      ['locationId=42', 'request.invalid', 'querystring.locationId'],
      ['format=html', 'request.invalid', 'querystring.format'],
      ['from=2026-12-01', 'request.invalid', 'querystring.from'],
    ])('?%s → 400 %s naming %s', async (query, code, field) => {
      const answer = await problem(`${DASHBOARD}?${query}`);

      expect(answer).toMatchObject({ status: 400, code });
      expect(answer.errors?.map((error) => error.field)).toContain(field);
    });

    it('a location the shop does not have → 404 reports.unknown_location', async () => {
      expect(await problem(`${DASHBOARD}?locationId=${randomUUID()}`)).toMatchObject({ status: 404, code: 'reports.unknown_location' });
    });
  });

  describe('who may see what', () => {
    it('a cashier without reports:view sees no report', async () => {
      const till = await kit.signInTill({ permissions: ['core-inventory:stock.receive'] });

      for (const url of [SALES, HEALTH, DASHBOARD]) {
        expect(await problem(url, till.token)).toMatchObject({ status: 403, code: 'auth.forbidden' });
      }
    });

    it('a cashier granted reports:view at their store sees that store’s reports', async () => {
      const till = await kit.signInTill({ permissions: ['reports:view'] });

      const answer = await kit.request<SalesAnswer>('GET', SALES, { token: till.token });

      expect(answer.status).toBe(200);
      expect(answer.body.meta.locationIds).toEqual([kit.tenant.locationId]);
      expect(answer.body.totals).toMatchObject({ sales: 1, net: 100 });
    });

    it('a manager of one location sees only it: without a location, and refused another with 403', async () => {
      const manager = await staffMember(kit, ['reports:view'], harbour);

      const sales = await kit.request<SalesAnswer>('GET', SALES, { token: manager.token });
      expect(sales.status).toBe(200);
      expect(sales.body.meta.locationIds).toEqual([harbour]);
      expect(sales.body.totals).toMatchObject({ sales: 2, net: 900 });

      const dashboard = await kit.request<DashboardReport>('GET', DASHBOARD, { token: manager.token });
      expect(dashboard.status).toBe(200);
      expect(dashboard.body.meta.locationIds).toEqual([harbour]);

      const health = await kit.request<InventoryHealthReport>('GET', HEALTH, { token: manager.token });
      expect(health.status).toBe(200);
      expect(health.body.byLocation.map((location) => location.locationId)).toEqual([harbour]);

      for (const url of [
        `${SALES}&locationId=${kit.tenant.locationId}`,
        `${HEALTH}?locationId=${kit.tenant.locationId}`,
        `${DASHBOARD}?locationId=${kit.tenant.locationId}`,
      ]) {
        const refused = await problem(url, manager.token);
        expect(refused).toMatchObject({ status: 403, code: 'reports.location_forbidden' });
        expect(refused.errors?.map((error) => error.field)).toEqual(['querystring.locationId']);
      }
      // A location that does not exist is refused alike: a manager learns nothing of other locations.
      expect(await problem(`${SALES}&locationId=${randomUUID()}`, manager.token)).toMatchObject({
        status: 403,
        code: 'reports.location_forbidden',
      });
    });

    it('someone holding reports:view nowhere is refused before any report is made', async () => {
      const clerk = await staffMember(kit, ['reports:export'], null);

      expect(await problem(DASHBOARD, clerk.token)).toMatchObject({ status: 403, code: 'auth.forbidden' });
    });
  });
});
