import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';

describe('the kernel serves plugins’ till bundles to the tills of tenants that enabled them', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('till-panel'), fixturePlugin('greeter-1')] });
  });
  afterAll(async () => kit?.close());

  it('lists the enabled plugins that have a till entry, with only the settings marked for tills', async () => {
    const till = await kit.signInTill();
    const listed = await kit.request<{ items: unknown[] }>('GET', '/api/v1/till/plugins', { token: till.token });
    expect(listed.status).toBe(200);
    expect(listed.body.items).toEqual([
      {
        id: 'till-panel',
        version: '1.2.0',
        displayName: 'Till panel',
        entry: '/till/plugins/till-panel/1.2.0/index.js',
        settings: { greeting: 'Welcome' },
      },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('server-only-secret');
  });

  it('a disabled plugin is not listed; the list needs a signed-in tenant', async () => {
    expect((await kit.request('POST', '/api/v1/plugins/till-panel/disable')).status).toBe(200);
    const till = await kit.signInTill();
    expect((await kit.request<{ items: unknown[] }>('GET', '/api/v1/till/plugins', { token: till.token })).body.items).toEqual([]);
    expect((await kit.request('POST', '/api/v1/plugins/till-panel/enable', { body: {} })).status).toBe(200);
    const anonymous = await kit.request<{ code: string }>('GET', '/api/v1/till/plugins', { token: null });
    expect(anonymous.status).toBe(401);
  });

  it('serves the bundle’s modules, and nothing outside its till folder or of a version not installed', async () => {
    const entry = await kit.kernel.app.inject({ method: 'GET', url: '/till/plugins/till-panel/1.2.0/index.js' });
    expect(entry.statusCode).toBe(200);
    expect(entry.headers['content-type']).toMatch(/^text\/javascript/);
    expect(entry.body).toContain("from './parts/panel.js'");
    const nested = await kit.kernel.app.inject({ method: 'GET', url: '/till/plugins/till-panel/1.2.0/parts/panel.js' });
    expect(nested.statusCode).toBe(200);
    // A path that climbs out is normalised by the router (to the till app's page) or refused: never the file.
    for (const url of [
      '/till/plugins/till-panel/1.2.0/../secret.txt',
      '/till/plugins/till-panel/1.2.0/%2e%2e/package.json',
      '/till/plugins/till-panel/1.2.0/..%2fserver.js',
      '/till/plugins/till-panel/1.2.0/..%2f..%2ftill-panel%2fsecret.txt',
    ]) {
      const refused = await kit.kernel.app.inject({ method: 'GET', url });
      for (const leak of ['not a till file', 'definePlugin', '"kits"']) expect(refused.body, url).not.toContain(leak);
    }
    for (const url of [
      '/till/plugins/till-panel/1.2.0/..%2fserver.js',
      '/till/plugins/till-panel/9.9.9/index.js',
      '/till/plugins/greeter/1.0.0/index.js',
      '/till/plugins/till-panel/1.2.0/missing.js',
      '/till/plugins/till-panel/1.2.0/parts',
    ]) {
      const missing = await kit.kernel.app.inject({ method: 'GET', url });
      expect(missing.statusCode, url).toBe(404);
      expect(missing.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });
});
