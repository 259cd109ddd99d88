import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  changeProduct,
  createEndpoint,
  DATABASE_KINDS,
  deliveries,
  startDns,
  startReceiver,
  verifies,
  webhookKit,
  type Receiver,
  type TestDns,
} from './support.ts';

// A product created in core-inventory publishes inventory.product.changed; the webhooks plugin,
// subscribed to every event of the tenant, delivers it to each endpoint subscribed to its type —
// a real HTTP receiver — signed to the Standard Webhooks specification, with the event id as webhook-id.

describe.each(DATABASE_KINDS)('events delivered to endpoints on %s', (db) => {
  let dns: TestDns;
  let kit: TestKernel;
  let inventory: Receiver;
  let everything: Receiver;
  let sales: Receiver;

  beforeAll(async () => {
    dns = await startDns();
    [inventory, everything, sales] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
    kit = await webhookKit(db, dns);
  });
  afterAll(async () => {
    await kit?.close();
    await Promise.all([inventory, everything, sales].map((r) => r?.close()));
    await dns?.close();
  });

  it('sends each matching event once to each endpoint, signed, with the event id as webhook-id', async () => {
    const byPrefix = await createEndpoint(kit, { url: inventory.url(), eventTypes: ['inventory.*'] });
    const all = await createEndpoint(kit, { url: everything.url(), eventTypes: ['*'] });
    await createEndpoint(kit, { url: sales.url(), eventTypes: ['webhooks.endpoint.disabled'] });
    expect(byPrefix.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const productId = await changeProduct(kit);
    const [got] = await eventually(
      async () => inventory.received,
      (r) => r.length >= 1,
    );
    const body = JSON.parse(got!.body) as { id: string; type: string; timestamp: string; data: { productId: string } };
    expect(body.type).toBe('inventory.product.changed');
    expect(body.data.productId).toBe(productId);
    expect(got!.headers['webhook-id']).toBe(body.id);
    expect(Number(got!.headers['webhook-timestamp'])).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(verifies(byPrefix.secret, got!.headers, got!.body)).toBe(true);
    expect(verifies(all.secret, got!.headers, got!.body)).toBe(false);
    expect(got!.headers['content-type']).toBe('application/json');

    const seenByAll = await eventually(
      async () => everything.received,
      (r) => r.length >= 1,
    );
    expect(seenByAll.map((r) => r.headers['webhook-id'])).toEqual([body.id]);
    expect(verifies(all.secret, seenByAll[0]!.headers, seenByAll[0]!.body)).toBe(true);

    const log = await eventually(
      () => deliveries(kit, byPrefix.id),
      (items) => items.some((d) => d.state === 'succeeded'),
    );
    expect(log).toMatchObject([
      { eventId: body.id, eventType: 'inventory.product.changed', state: 'succeeded', attempts: 1, lastStatus: 200 },
    ]);
    expect(log[0]!.lastDurationMs).toBeGreaterThanOrEqual(0);

    const detail = await kit.request<{
      attemptLog: Array<{ responseStatus: number; responseExcerpt: string; requestHeaders: Record<string, string>; url: string }>;
    }>('GET', `${API}/endpoints/${byPrefix.id}/deliveries/${log[0]!.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.attemptLog).toHaveLength(1);
    expect(detail.body.attemptLog[0]).toMatchObject({ responseStatus: 200, responseExcerpt: 'ok', url: inventory.url() });
    expect(detail.body.attemptLog[0]!.requestHeaders['webhook-id']).toBe(body.id);

    // Nothing for the endpoint that subscribed to other events, and no second delivery anywhere.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(sales.received).toHaveLength(0);
    expect(inventory.received).toHaveLength(1);
    expect(everything.received).toHaveLength(1);
  });

  it('deletes an endpoint with its deliveries and their log, and leaves the other endpoints’ alone', async () => {
    const [doomed] = (await kit.request<{ items: Array<{ id: string; url: string }> }>('GET', `${API}/endpoints`)).body.items.filter(
      (e) => e.url === inventory.url(),
    );
    const count = async (table: 'deliveries' | 'attempts', endpointId: string) =>
      (
        await kit.kernel.db.query<{ n: number }>(
          table === 'deliveries'
            ? 'select count(*)::int as n from webhooks.deliveries where endpoint_id = $1'
            : 'select count(*)::int as n from webhooks.attempts where endpoint_id = $1',
          [endpointId],
        )
      )[0]!.n;
    const others = (await kit.request<{ items: Array<{ id: string; url: string }> }>('GET', `${API}/endpoints`)).body.items.filter(
      (e) => e.url === everything.url(),
    );
    expect(await count('deliveries', doomed!.id)).toBeGreaterThan(0);
    expect(await count('attempts', doomed!.id)).toBeGreaterThan(0);
    const keptBefore = await count('attempts', others[0]!.id);

    expect((await kit.request('DELETE', `${API}/endpoints/${doomed!.id}`)).status).toBe(204);

    expect(await count('deliveries', doomed!.id)).toBe(0);
    expect(await count('attempts', doomed!.id)).toBe(0);
    expect(await count('attempts', others[0]!.id)).toBe(keptBefore);
    expect((await kit.request('GET', `${API}/endpoints/${doomed!.id}/deliveries`)).status).toBe(404);
  });

  it('keeps every webhooks table under row-level security, and one tenant never sees another’s endpoints', async () => {
    expect(await kit.tablesWithoutTenantIsolation()).toEqual([]);
    const other = await kit.createTenant();
    const theirs = await kit.request<{ items: unknown[] }>('GET', `${API}/endpoints`, { token: other.admin.token });
    expect(theirs.status).toBe(200);
    expect(theirs.body.items).toEqual([]);
  });

  it('answers the catalogue of the tenant’s enabled plugins with its wildcards', async () => {
    const response = await kit.request<{ types: Array<{ type: string; pluginId: string; description: string }>; wildcards: string[] }>(
      'GET',
      `${API}/event-types`,
    );
    expect(response.status).toBe(200);
    const types = response.body.types.map((t) => t.type);
    expect(types).toContain('inventory.product.changed');
    expect(types).toContain('webhooks.endpoint.disabled');
    expect(types.some((t) => t.startsWith('sales.'))).toBe(false); // core-sales is not enabled here
    expect(response.body.types.find((t) => t.type === 'inventory.stock.moved')).toMatchObject({ pluginId: 'core-inventory' });
    expect(response.body.wildcards).toEqual(expect.arrayContaining(['*', 'inventory.*', 'inventory.stock.*', 'webhooks.*']));
  });
});
