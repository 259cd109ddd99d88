import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually, type RequestOptions } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cutDays, rebuildTenant } from '../../src/server/ingest/index.ts';
import { beginRebuild, rebuildStep } from '../../src/server/rebuild/rebuild-steps.ts';
import { shelveVariant, type ShopKit } from '../../../../testing/shop-shelf.ts';
import { makeShopHistory } from './shop-history.ts';
import {
  CASHIER,
  DATABASE_KINDS,
  reportsKit,
  reportsTransaction,
  rowsOf,
  sellableVariant,
  settled,
  snapshot,
  tillWithShift,
} from './support.ts';

interface RebuildAnswer {
  rebuildId: string;
  status: 'running' | 'finished';
  phase: string;
  events: number;
  eventsApplied: number;
  tookMs: number | null;
  code?: string;
}

describe.each(DATABASE_KINDS)('a rebuild reproduces the live rollups, on %s', (db) => {
  let kit: TestKernel;
  let tenant: string;
  beforeAll(async () => {
    kit = await reportsKit(db);
    tenant = kit.tenant.id;
    // The days are cut before the history: the live path writes them with the hours, and a rebuild must too.
    const { timezone } = (
      await kit.kernel.db.query<{ timezone: string }>('select timezone from kernel.tenants where tenant_id = $1', [tenant])
    )[0]!;
    await cutDays({ transaction: reportsTransaction(kit, tenant), timezone });
    await makeShopHistory(kit);
    expect(await settled(kit)).toEqual([]);
  });
  afterAll(async () => kit?.close());

  const journalSize = async () =>
    (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from reports.journal where tenant_id = $1', [tenant]))[0]!.n;

  it('before any rebuild, GET /rebuild answers 404 with what to do', async () => {
    const answer = await kit.request<RebuildAnswer>('GET', '/api/v1/reports/rebuild');
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('reports.never_rebuilt');
  });

  it('POST /rebuild answers 202 at once; the steps replay the journal into exactly the facts and rollups the live path made', async () => {
    const live = await snapshot(kit, tenant);
    expect(live.sale_lines).toHaveLength(2);
    for (const days of ['location_days', 'category_days', 'variant_days', 'basket_days', 'tender_days'])
      expect(live[days]!.length).toBeGreaterThan(0);
    const started = await kit.request<RebuildAnswer>('POST', '/api/v1/reports/rebuild');
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({
      status: 'running',
      phase: 'clearing',
      events: await journalSize(),
      eventsApplied: 0,
      tookMs: null,
    });
    const followed = await eventually(
      () => kit.request<RebuildAnswer>('GET', '/api/v1/reports/rebuild'),
      (answer) => answer.body.status === 'finished',
      30_000,
    );
    expect(followed.body).toMatchObject({
      rebuildId: started.body.rebuildId,
      status: 'finished',
      phase: 'done',
      eventsApplied: await journalSize(),
    });
    expect(followed.body.tookMs).toBeGreaterThanOrEqual(0);
    expect(await settled(kit)).toEqual([]);
    expect(await snapshot(kit, tenant)).toEqual(live);
  });

  it('replayed in batches of three, through many short transactions, the result is the same row for row', async () => {
    const live = await snapshot(kit, tenant);
    const state = await rebuildTenant({ transaction: reportsTransaction(kit, tenant), step: { batchSize: 3, clearRows: 4 } });
    expect(state).toMatchObject({ status: 'finished', eventsApplied: await journalSize() });
    expect(await snapshot(kit, tenant)).toEqual(live);
  });

  it('sales made while a rebuild runs are journaled, applied by the rebuild, and end where the live path would', async () => {
    const run = reportsTransaction(kit, tenant);
    const before = await snapshot(kit, tenant);
    const started = await run((sql) => beginRebuild(sql, { requestedBy: 'test' }));
    const till = await tillWithShift(kit);
    const cocoa = await sellableVariant(kit, 'Cocoa', 350, 10);
    for (let i = 0; i < 3; i++) {
      const sale = await kit.request('POST', '/api/v1/core-sales/sales', {
        token: till.token,
        body: { lines: [{ variantId: cocoa.variantId, quantity: 1 }], tenders: [{ method: 'cash', amount: 350 }] },
      });
      expect(sale.status).toBe(201);
    }
    expect(await settled(kit)).toEqual([]);
    // Journaled, not applied: the live path leaves them to the rebuild.
    expect(await snapshot(kit, tenant)).toEqual(before);
    let state = started;
    while (state.status === 'running') state = (await run((sql) => rebuildStep(sql, started.rebuildId, { batchSize: 4, clearRows: 5 })))!;
    const rebuilt = await snapshot(kit, tenant);
    expect(rebuilt.sale_lines).toHaveLength(before.sale_lines!.length + 3);
    expect(
      (await rowsOf<{ quantity: number }>(kit, tenant, 'variant_hours', `variant_id = '${cocoa.variantId}'`)).reduce(
        (n, r) => n + r.quantity,
        0,
      ),
    ).toBe(3);
    // A second rebuild with nothing going on gives the same again: the sales during the first one were applied exactly once.
    await rebuildTenant({ transaction: run });
    expect(await snapshot(kit, tenant)).toEqual(rebuilt);
    // And the live path applies again once it has finished.
    const sale = await kit.request('POST', '/api/v1/core-sales/sales', {
      token: till.token,
      body: { lines: [{ variantId: cocoa.variantId, quantity: 2 }], tenders: [{ method: 'cash', amount: 700 }] },
    });
    expect(sale.status).toBe(201);
    expect(await settled(kit)).toEqual([]);
    expect(
      (await rowsOf<{ quantity: number }>(kit, tenant, 'variant_hours', `variant_id = '${cocoa.variantId}'`)).reduce(
        (n, r) => n + r.quantity,
        0,
      ),
    ).toBe(5);
  });

  it("a rebuild of one tenant leaves another tenant's reports as they were", async () => {
    const other = await kit.createTenant();
    const asOther: ShopKit = {
      request: <Body>(method: string, url: string, options: RequestOptions = {}) =>
        kit.request<Body>(method, url, { token: other.admin.token, ...options }),
      tenant: { locationId: other.locationId },
    };
    await shelveVariant(asOther, { name: 'Other Tea', price: 500, stock: 5 });
    expect(await settled(kit)).toEqual([]);
    const theirs = await snapshot(kit, other.id);
    expect(theirs.stock_positions).toHaveLength(1);
    await rebuildTenant({ transaction: reportsTransaction(kit, tenant) });
    expect(await snapshot(kit, other.id)).toEqual(theirs);
  });

  it('refuses a second rebuild while one runs (409), and a cashier without reports:rebuild (403); neither changes anything', async () => {
    const run = reportsTransaction(kit, tenant);
    const started = await run((sql) => beginRebuild(sql, { requestedBy: 'test' }));
    const again = await kit.request<RebuildAnswer>('POST', '/api/v1/reports/rebuild');
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('reports.rebuild_running');
    expect(String(again.headers['content-type'])).toContain('application/problem+json');
    let state = started;
    while (state.status === 'running') state = (await run((sql) => rebuildStep(sql, started.rebuildId)))!;

    const before = await kit.request<RebuildAnswer>('GET', '/api/v1/reports/rebuild');
    const events = async () =>
      (
        await kit.kernel.db.query<{ n: number }>(
          "select count(*)::int as n from kernel.outbox where tenant_id = $1 and type like 'reports.rebuild.%'",
          [tenant],
        )
      )[0]!.n;
    const published = await events();
    const cashier = await kit.signInTill({ permissions: CASHIER });
    const denied = await kit.request<RebuildAnswer>('POST', '/api/v1/reports/rebuild', { token: cashier.token });
    expect(denied.status).toBe(403);
    expect(String(denied.headers['content-type'])).toContain('application/problem+json');
    expect((await kit.request<RebuildAnswer>('GET', '/api/v1/reports/rebuild', { token: cashier.token })).status).toBe(403);
    expect((await kit.request<RebuildAnswer>('GET', '/api/v1/reports/rebuild')).body).toEqual(before.body);
    expect(await events()).toBe(published);
  });
});
