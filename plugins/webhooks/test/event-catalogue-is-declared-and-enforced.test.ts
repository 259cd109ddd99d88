import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateManifest } from '@kits/plugin-sdk';
import { DATABASE_KINDS, FIXTURES, INVENTORY } from './support.ts';

// The event catalogue: plugins declare what they publish (`kits.publishes`), the kernel refuses a
// publish of a type the publisher did not declare (so the catalogue cannot drift), and plugins read
// the tenant's catalogue through tx.directory.eventTypes(). Also the SDK pieces webhooks stands
// on: a `#` subscription to every event, a background worker, the operator's configuration.

const CRIER = `${FIXTURES}town-crier`;

describe.each(DATABASE_KINDS)('the event catalogue on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [INVENTORY, CRIER], db, env: { PLUGIN_TOWN_CRIER__MOTTO: 'hear ye' } });
  });
  afterAll(async () => {
    await kit?.close();
  });

  it('publishes a declared type and refuses an undeclared one, writing nothing', async () => {
    const declared = await kit.request<{ eventId: string }>('POST', '/api/v1/town-crier/cry', { body: { type: 'town-crier.news.cried' } });
    expect(declared.status).toBe(201);
    const undeclared = await kit.request<{ code: string }>('POST', '/api/v1/town-crier/cry', {
      body: { type: 'town-crier.news.whispered' },
    });
    expect(undeclared.status).toBe(500);
    const rows = await kit.kernel.db.query<{ type: string }>(
      `select type from kernel.outbox where tenant_id = $1 and source = 'town-crier'`,
      [kit.tenant.id],
    );
    expect(rows.map((r) => r.type)).toEqual(['town-crier.news.cried']);
  });

  it('answers the catalogue of the tenant’s enabled plugins, with descriptions, and the operator’s config', async () => {
    const response = await kit.request<{ types: Array<{ type: string; description: string; pluginId: string }>; motto: string }>(
      'GET',
      '/api/v1/town-crier/catalogue',
    );
    expect(response.body.motto).toBe('hear ye');
    expect(response.body.types).toContainEqual({
      type: 'town-crier.news.cried',
      description: 'The crier cried the news.',
      pluginId: 'town-crier',
    });
    expect(response.body.types).toContainEqual(expect.objectContaining({ type: 'inventory.stock.moved', pluginId: 'core-inventory' }));
    // The kernel's own event, which a webhook endpoint or a notification rule may listen for.
    expect(response.body.types).toContainEqual(expect.objectContaining({ type: 'kernel.event.dead_lettered', pluginId: 'kernel' }));
    const types = response.body.types.map((t) => t.type);
    expect(types).toEqual([...types].sort());
  });

  it('hears every event of the tenant through `#`, and runs its background worker', async () => {
    const before = (await kit.request<{ heard: number }>('GET', '/api/v1/town-crier/heard')).body.heard;
    await kit.request('POST', '/api/v1/town-crier/cry', { body: { type: 'town-crier.news.cried' } });
    const after = await eventually(
      async () => (await kit.request<{ heard: number; rounds: number }>('GET', '/api/v1/town-crier/heard')).body,
      (h) => h.heard > before && h.rounds > 2,
    );
    expect(after.heard).toBeGreaterThan(before);
    expect(after.rounds).toBeGreaterThan(2);
  });
});

describe('the manifest’s publishes list', () => {
  const base = { id: 'crier', displayName: 'Crier', kernel: '^1.0.0' };
  it('takes types with descriptions and refuses malformed or repeated entries', () => {
    expect(validateManifest({ ...base, publishes: [{ type: 'crier.news.cried', description: 'Cried.' }] }).publishes).toHaveLength(1);
    expect(() => validateManifest({ ...base, publishes: [{ type: 'crier.news', description: 'x' }] })).toThrow(/publishes/);
    expect(() => validateManifest({ ...base, publishes: [{ type: 'crier.news.cried' }] })).toThrow(/description/);
    expect(() =>
      validateManifest({
        ...base,
        publishes: [
          { type: 'crier.news.cried', description: 'a' },
          { type: 'crier.news.cried', description: 'b' },
        ],
      }),
    ).toThrow(/listed twice/);
  });
});
