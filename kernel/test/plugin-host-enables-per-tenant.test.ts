import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

type Notes = { items: Array<{ id: string; body: string }> };

describe.each(DATABASE_KINDS)('plugin host on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('notes')], db });
  });
  afterAll(async () => kit?.close());

  it('serves an enabled plugin under /api/v1/<id>, after running its migrations and onEnable', async () => {
    const created = await kit.request<{ id: string; body: string; greeting: string }>('POST', '/api/v1/notes/notes', {
      body: { body: 'Order more receipt paper' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ body: 'Order more receipt paper', greeting: 'hello' });
    const listed = await kit.request<Notes>('GET', '/api/v1/notes/notes');
    expect(listed.body.items.map((note) => note.body)).toEqual(['Welcome', 'Order more receipt paper']);
  });

  it('answers 404 plugins.not_enabled to a tenant that has not enabled it, and serves it once enabled — with only its own rows', async () => {
    const other = await kit.createTenant();
    await kit.request('POST', '/api/v1/plugins/notes/disable', { token: other.admin.token });
    const refused = await kit.request<{ code: string }>('GET', '/api/v1/notes/notes', { token: other.admin.token });
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('plugins.not_enabled');

    const enabled = await kit.request<{ enabled: boolean; version: string }>('POST', '/api/v1/plugins/notes/enable', {
      token: other.admin.token,
      body: {},
    });
    expect(enabled.status).toBe(200);
    expect(enabled.body).toMatchObject({ enabled: true, version: '1.0.0' });
    const theirs = await kit.request<Notes>('GET', '/api/v1/notes/notes', { token: other.admin.token });
    // onEnable ran at each enable (the kit's and this one); tenant A's notes are not visible.
    expect(theirs.body.items.map((note) => note.body)).toEqual(['Welcome', 'Welcome']);
  });

  it('disabling stops the routes at once and keeps the data for re-enabling', async () => {
    const tenant = await kit.createTenant();
    const token = tenant.admin.token;
    await kit.request('POST', '/api/v1/notes/notes', { token, body: { body: 'kept' } });
    const disabled = await kit.request<{ enabled: boolean }>('POST', '/api/v1/plugins/notes/disable', { token });
    expect(disabled.body.enabled).toBe(false);
    expect((await kit.request('GET', '/api/v1/notes/notes', { token })).status).toBe(404);
    await kit.request('POST', '/api/v1/plugins/notes/enable', { token, body: {} });
    const listed = await kit.request<Notes>('GET', '/api/v1/notes/notes', { token });
    expect(listed.body.items.map((note) => note.body)).toContain('kept');
  });

  it('lists the plugins with the tenant install of each', async () => {
    const listing = await kit.request<{ items: Array<{ id: string; install: { enabled: boolean } | null; permissions: string[] }> }>(
      'GET',
      '/api/v1/plugins',
    );
    expect(listing.status).toBe(200);
    expect(listing.body.items).toEqual([
      expect.objectContaining({ id: 'notes', permissions: ['notes:write'], install: expect.objectContaining({ enabled: true }) }),
    ]);
  });

  it.each([
    ['POST', '/api/v1/plugins/nope/enable', {}, 404, 'plugins.unknown'],
    ['POST', '/api/v1/plugins/notes/enable', { version: 'banana' }, 400, 'plugins.invalid_range'],
    ['POST', '/api/v1/plugins/notes/enable', { version: '^9' }, 404, 'plugins.no_matching_version'],
    ['POST', '/api/v1/plugins/notes/enable', { version: '1.0.0', extra: true }, 400, 'request.invalid'],
    ['POST', '/api/v1/plugins/Not_An_Id/enable', {}, 400, 'request.invalid'],
    ['PUT', '/api/v1/plugins/notes/settings', { greeting: 42 }, 400, 'plugins.invalid_settings'],
    ['PUT', '/api/v1/plugins/notes/settings', { colour: 'red' }, 400, 'plugins.invalid_settings'],
    ['POST', '/api/v1/plugins/nope/disable', undefined, 404, 'plugins.not_enabled'],
  ])('%s %s %j → %i %s, nothing changed', async (method, url, body, status, code) => {
    const before = await kit.kernel.db.query(
      'select plugin_id, version_range, enabled, settings from kernel.plugin_installs order by tenant_id, plugin_id',
    );
    const response = await kit.request<{ code: string; detail: string }>(method, url, body === undefined ? {} : { body });
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect(response.body.detail.length).toBeGreaterThan(10);
    const after = await kit.kernel.db.query(
      'select plugin_id, version_range, enabled, settings from kernel.plugin_installs order by tenant_id, plugin_id',
    );
    expect(after).toEqual(before);
  });

  it('settings that pass the schema reach the plugin', async () => {
    const saved = await kit.request('PUT', '/api/v1/plugins/notes/settings', { body: { greeting: 'goedemorgen' } });
    expect(saved.status).toBe(200);
    const created = await kit.request<{ greeting: string }>('POST', '/api/v1/notes/notes', { body: { body: 'x' } });
    expect(created.body.greeting).toBe('goedemorgen');
  });

  it('validates plugin route input: wrong type, missing and extra fields are 400 with the field named, nothing written', async () => {
    const count = async () => (await kit.request<Notes>('GET', '/api/v1/notes/notes')).body.items.length;
    const before = await count();
    for (const body of [{ body: 5 }, {}, { body: 'ok', admin: true }, { body: 'x'.repeat(501) }]) {
      const response = await kit.request<{ code: string; errors: Array<{ field: string }> }>('POST', '/api/v1/notes/notes', { body });
      expect(response.status).toBe(400);
      expect(response.body.code).toBe('request.invalid');
      expect(response.body.errors[0]!.field).toMatch(/^body/);
    }
    const badParam = await kit.request<{ code: string }>('GET', '/api/v1/notes/notes/not-a-uuid');
    expect(badParam.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('plugin routes need a signed-in tenant user with the declared permission', async () => {
    expect((await kit.request('GET', '/api/v1/notes/notes', { token: null })).status).toBe(401);
    expect((await kit.request('GET', '/api/v1/notes/notes', { token: kit.operatorToken })).status).toBe(403);
    const unknownRoute = await kit.request<{ code: string }>('GET', '/api/v1/notes/nowhere');
    expect(unknownRoute.status).toBe(404);
    const wrongMethod = await kit.request<{ code: string }>('DELETE', '/api/v1/notes/notes');
    expect(wrongMethod.status).toBe(405);
    const unknownPlugin = await kit.request<{ code: string }>('GET', '/api/v1/nothing-here/x');
    expect(unknownPlugin.status).toBe(404);
  });
});
