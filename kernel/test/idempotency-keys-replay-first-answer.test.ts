import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

const VARIANTS = [
  { name: 'database store on PGlite', db: 'pglite', env: {} },
  { name: 'database store on PostgreSQL', db: 'postgres', env: {} },
  { name: 'Redis store', db: 'pglite', env: { REDIS_URL } },
] as const;

describe.each(VARIANTS)('Idempotency-Key, $name', (variant) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db: variant.db, env: variant.env, plugins: [fixturePlugin('notes')] });
  });
  afterAll(async () => kit?.close());

  const notes = async () => (await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from notes.notes'))[0]!.n;
  const post = (key: string, body: unknown, url = '/api/v1/notes/notes') =>
    kit.request<{ id: string; code: string }>('POST', url, { body, headers: { 'idempotency-key': key } });

  it('the same key and body, sent 10 times one after another, creates once and answers the same', async () => {
    const before = await notes();
    const key = `k-${Date.now()}-sequential`;
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await post(key, { body: 'once' }));
    expect(await notes()).toBe(before + 1);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(201));
    expect(answers[0]!.headers['idempotent-replayed']).toBeUndefined();
    expect(answers.slice(1).every((a) => a.headers['idempotent-replayed'] === 'true')).toBe(true);
  });

  it('10 concurrent requests with one key create once; the others replay or are told it is in progress', async () => {
    const before = await notes();
    const key = `k-${Date.now()}-concurrent`;
    const answers = await Promise.all(Array.from({ length: 10 }, () => post(key, { body: 'racing' })));
    expect(await notes()).toBe(before + 1);
    const created = answers.filter((a) => a.status === 201);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const answer of answers.filter((a) => a.status !== 201)) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe('idempotency.in_progress');
    }
    const after = await post(key, { body: 'racing' });
    expect(after.body.id).toBe(created[0]!.body.id);
  });

  it('the same key with another body is 409 idempotency.key_reused and writes nothing', async () => {
    const key = `k-${Date.now()}-reuse`;
    await post(key, { body: 'first' });
    const before = await notes();
    const reused = await post(key, { body: 'second' });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('idempotency.key_reused');
    expect(await notes()).toBe(before);
  });

  it('kernel routes honour it too', async () => {
    const key = `k-${Date.now()}-kernel`;
    const first = await post(key, { name: 'Pop-up', kind: 'store' }, '/api/v1/tenants/current/locations');
    const second = await post(key, { name: 'Pop-up', kind: 'store' }, '/api/v1/tenants/current/locations');
    expect(second.body.id).toBe(first.body.id);
    const locations = await kit.request<{ items: Array<{ name: string }> }>('GET', '/api/v1/tenants/current/locations');
    expect(locations.body.items.filter((l) => l.name === 'Pop-up')).toHaveLength(1);
  });

  it('an invalid key is 400; a rejected invalid body claims no key', async () => {
    const invalid = await post('bad key with spaces', { body: 'x' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.code).toBe('idempotency.invalid_key');
    const key = `k-${Date.now()}-invalid-body`;
    expect((await post(key, { body: 5 })).status).toBe(400);
    expect((await post(key, { body: 'now valid' })).status).toBe(201);
  });
});
