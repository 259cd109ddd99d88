import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

describe.each(DATABASE_KINDS)('plugin events and jobs on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('notes')], db });
  });
  afterAll(async () => kit?.close());

  it('an event a route publishes reaches the plugin subscriber once per event, in the tenant', async () => {
    for (let i = 0; i < 5; i++) expect((await kit.request('POST', '/api/v1/notes/notes', { body: { body: `n${i}` } })).status).toBe(201);
    const counts = await eventually(
      () => kit.request<{ created: number }>('GET', '/api/v1/notes/counts'),
      (response) => response.body.created >= 5,
    );
    expect(counts.body.created).toBe(5);
    const outbox = await kit.kernel.db.query<{ type: string; source: string }>(
      'select type, source from kernel.outbox where tenant_id = $1',
      [kit.tenant.id],
    );
    expect(outbox).toHaveLength(5);
    expect(outbox.every((row) => row.type === 'notes.note.created' && row.source === 'notes')).toBe(true);
    const processed = await kit.kernel.db.query('select * from kernel.processed_events where tenant_id = $1', [kit.tenant.id]);
    expect(processed).toHaveLength(5);
  });

  it('a route that fails rolls back its event with its writes', async () => {
    const before = await kit.kernel.db.query('select count(*)::int as n from kernel.outbox');
    const refused = await kit.request('POST', '/api/v1/notes/notes', { body: { body: 'x'.repeat(600) } });
    expect(refused.status).toBe(400);
    const after = await kit.kernel.db.query('select count(*)::int as n from kernel.outbox');
    expect(after).toEqual(before);
  });

  it('a job runs for each tenant that has the plugin enabled', async () => {
    const runs = await eventually(
      () => kit.kernel.db.query<{ n: number }>('select count(*)::int as n from notes.job_runs where tenant_id = $1', [kit.tenant.id]),
      (rows) => rows[0]!.n >= 2,
    );
    expect(runs[0]!.n).toBeGreaterThanOrEqual(2);
  });
});
