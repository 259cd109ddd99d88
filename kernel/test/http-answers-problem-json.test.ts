import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePlugin } from './support/fixtures.ts';

describe('the HTTP host', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('notes')] });
  });
  afterAll(async () => kit?.close());

  const raw = (method: string, url: string, payload: string | Buffer, contentType = 'application/json') =>
    kit.kernel.app.inject({
      method: method as 'POST',
      url,
      payload,
      headers: { 'content-type': contentType, authorization: `Bearer ${kit.tenant.admin.token}` },
    });

  it.each([
    ['malformed JSON', () => raw('POST', '/api/v1/notes/notes', '{"body": "x",'), 400, 'request.malformed_json'],
    [
      'a body over 1 MiB',
      () => raw('POST', '/api/v1/notes/notes', JSON.stringify({ body: 'x'.repeat(1024 * 1024 + 10) })),
      413,
      'request.too_large',
    ],
    [
      'a body that is not JSON',
      () => raw('POST', '/api/v1/notes/notes', 'body=x', 'application/x-www-form-urlencoded'),
      415,
      'request.unsupported_media_type',
    ],
    ['an unknown route', () => kit.kernel.app.inject({ method: 'GET', url: '/api/v2/whatever' }), 404, 'route.not_found'],
    [
      'text with a NUL character, which PostgreSQL cannot store',
      () => raw('POST', '/api/v1/notes/notes', JSON.stringify({ body: 'a\u0000b' })),
      400,
      'request.invalid_text',
    ],
    [
      'a body nested 10,000 deep (a recursive walk of it would overflow the stack)',
      () => raw('POST', '/api/v1/notes/notes', `${'{"body":'.repeat(10_000)}"x"${'}'.repeat(10_000)}`),
      400,
      'request.too_deep',
    ],
    [
      'the same with an Idempotency-Key (hashed before the handler runs)',
      () =>
        kit.kernel.app.inject({
          method: 'PUT',
          url: '/api/v1/plugins/notes/settings',
          payload: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
          headers: { 'content-type': 'application/json', 'idempotency-key': 'deep-1', authorization: `Bearer ${kit.tenant.admin.token}` },
        }),
      400,
      'request.too_deep',
    ],
    [
      'a malformed %-encoding in the path',
      () => raw('POST', '/api/v1/tenants/current/devices/%E0%A4%A/pairing-code', '{}'),
      400,
      'request.bad_url',
    ],
    [
      'wrong types on a kernel route',
      () => raw('POST', '/api/v1/auth/login', JSON.stringify({ tenant: 5, email: [], password: null })),
      400,
      'request.invalid',
    ],
  ])('%s is refused as problem+json with its code, nothing written', async (_what, send, status, code) => {
    const before = await kit.kernel.db.query('select count(*)::int as n from notes.notes');
    const response = await send();
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = response.json<{ code: string; status: number; title: string; detail: string; type: string }>();
    expect(body).toMatchObject({ code, status });
    expect(body.type).toContain(code);
    expect(body.detail.length).toBeGreaterThan(10);
    expect(await kit.kernel.db.query('select count(*)::int as n from notes.notes')).toEqual(before);
  });

  it('a body over the limit is refused naming the limit, so a client can cut what it sends to fit', async () => {
    const response = await raw('POST', '/api/v1/notes/notes', JSON.stringify({ body: 'x'.repeat(1024 * 1024) }));
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'request.too_large', limitBytes: 1024 * 1024 });
  });

  it('a URL over 16 KiB, refused by the HTTP parser before any route, is problem+json too', async () => {
    const url = await kit.kernel.listen();
    const response = await fetch(`${url}/api/v1/notes/notes?q=${'a'.repeat(20_000)}`, {
      headers: { authorization: `Bearer ${kit.tenant.admin.token}` },
    });
    expect(response.status).toBe(431);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await response.json()).toMatchObject({ status: 431, code: 'request.headers_too_large' });
  });

  it('every answer carries a request id, taken from x-request-id when the client sends one', async () => {
    const given = await kit.kernel.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'till-7f3a-0001' } });
    expect(given.headers['x-request-id']).toBe('till-7f3a-0001');
    const made = await kit.kernel.app.inject({ method: 'GET', url: '/healthz' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('/healthz and /readyz answer, /readyz naming its checks', async () => {
    expect((await kit.kernel.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await kit.kernel.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json<{ checks: Array<{ name: string; ok: boolean }> }>().checks.map((c) => [c.name, c.ok])).toEqual([
      ['shutdown', true],
      ['database', true],
      ['coordination', true],
      ['events', true],
    ]);
  });

  it('/metrics has request latency per route (plugin routes by their pattern), event counters and the DB pool', async () => {
    await kit.request('GET', '/api/v1/notes/notes');
    const text = (await kit.kernel.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toContain('kits_http_request_duration_seconds_bucket');
    expect(text).toMatch(/kits_http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/notes\/notes",status="200"\} [1-9]/);
    expect(text).toContain('kits_events_delivered_total');
    expect(text).toContain('kits_db_pool_connections');
  });

  it('/docs/json is an OpenAPI document with kernel and plugin routes; /docs serves the UI', async () => {
    const document = (await kit.kernel.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    }>();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/tenants',
        '/api/v1/plugins',
        '/api/v1/notes/notes',
        '/api/v1/notes/notes/{id}',
      ]),
    );
    expect(Object.keys(document.paths['/api/v1/notes/notes']!).sort()).toEqual(['get', 'post']);
    const ui = await kit.kernel.app.inject({ method: 'GET', url: '/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });
});
