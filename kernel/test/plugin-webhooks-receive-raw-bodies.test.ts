import { createHmac, randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { errorLogCapture } from './support/logged-errors.ts';
import { chunked, RawConnection, requestHead } from './support/raw-http.ts';

// A plugin receives calls from other systems at POST /webhooks/<plugin>/<tenant>/<name>, without
// sign-in: the fixture (webhook-echo) proves the sender by an HMAC-SHA256 over the raw body with
// its secret setting, and keeps each event id once in its own schema.
const SECRET = 'whsec_echo_4f1c2b9a7d';
const MiB = 1024 * 1024;

type Answer = { status: number; headers: Record<string, unknown>; body: Record<string, unknown> | string; text: string };
type Row = { tenant_id: string; event_id: string; content_type: string | null; body_hex: string };

const sign = (body: Buffer, secret = SECRET) => createHmac('sha256', secret).update(body).digest('hex');

describe.each(DATABASE_KINDS)('plugin webhooks on %s', (db) => {
  let kit: TestKernel;
  let other: TestTenant;
  const { logger, logged } = errorLogCapture();

  beforeAll(async () => {
    kit = await createTestKernel({
      plugins: [fixturePlugin('webhook-echo'), fixturePlugin('notes')],
      db,
      logger,
      settings: { 'webhook-echo': { signingSecret: SECRET } },
      env: { HANDLER_TIMEOUT_MS: '1500' },
    });
    // A second tenant that had the plugin and turned it off.
    other = await kit.createTenant();
    const disabled = await kit.request('POST', '/api/v1/plugins/webhook-echo/disable', { token: other.admin.token });
    expect(disabled.status).toBe(200);
  });
  afterAll(async () => kit?.close());

  const urlOf = (name = 'events', tenantId = kit.tenant.id, plugin = 'webhook-echo') => `/webhooks/${plugin}/${tenantId}/${name}`;

  /** Sends `body` as the bytes given, with no credentials; signed unless `signature` says otherwise. */
  async function deliver(
    url: string,
    body: Buffer | string,
    headers: Record<string, string> = {},
    signature: string | null = sign(Buffer.from(body)),
  ): Promise<Answer> {
    const response = await kit.kernel.app.inject({
      method: 'POST',
      url,
      payload: Buffer.from(body),
      headers: { ...(signature === null ? {} : { 'x-echo-signature': signature }), ...headers },
    });
    const text = response.body;
    const json = /json/.test(String(response.headers['content-type'] ?? '')) && text !== '';
    return {
      status: response.statusCode,
      headers: response.headers,
      body: json ? (JSON.parse(text) as Record<string, unknown>) : text,
      text,
    };
  }

  const rows = (where = 'true', params: unknown[] = []) =>
    kit.kernel.db.query<Row>(
      `select tenant_id::text, event_id, content_type, encode(body, 'hex') as body_hex from webhook_echo.events where ${where} order by received_at`,
      params,
    );
  const rowsOf = (eventId: string) => rows('event_id = $1', [eventId]);
  const allRows = async () => (await rows()).length;
  const audit = (...eventIds: string[]) =>
    kit.kernel.db.query("select 1 from kernel.audit_log where action = 'webhook-echo.event.received' and detail->>'eventId' = any($1)", [
      eventIds,
    ]);

  it('hands the handler the body byte for byte, whatever its content type, and keeps it in the tenant', async () => {
    const bodies: Array<[string | undefined, Buffer]> = [
      // Odd whitespace, a number a JSON parser would rewrite (1.50), a repeated key: all kept as sent.
      ['application/json', Buffer.from('  { "id" :\t"evt" ,\r\n\n  "amount": 1.50, "amount" : 2 }   \n')],
      // Not JSON at all, though it says so: still the plugin's to judge, not refused by the kernel.
      ['application/json; charset=utf-8', Buffer.from('{"id": evt_1, ')],
      ['text/plain; charset=utf-8', Buffer.from('  héllo 👋 \r\n\ttrailing spaces   \n\n')],
      ['application/x-www-form-urlencoded', Buffer.from('id=evt_form&note=a+b%20c&note=%E2%82%AC&empty=&=x')],
      ['application/octet-stream', Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0x7b])],
      [undefined, Buffer.from('sent without a content type')],
    ];
    for (const [contentType, body] of bodies) {
      const eventId = `evt_${randomUUID()}`;
      const answer = await deliver(urlOf(), body, { 'x-echo-event-id': eventId, ...(contentType ? { 'content-type': contentType } : {}) });
      expect(answer.status, `${contentType}: ${answer.text}`).toBe(201);
      expect(answer.headers['content-type']).toMatch(/^application\/json/);
      expect(answer.headers['x-echo-seen']).toBe('first');
      expect(answer.body).toEqual({ eventId, duplicate: false, bytes: body.length, tenantId: kit.tenant.id });
      expect(await rowsOf(eventId)).toEqual([
        { tenant_id: kit.tenant.id, event_id: eventId, content_type: contentType ?? null, body_hex: body.toString('hex') },
      ]);
    }
  });

  it('runs as the plugin itself (a system actor) with its secret settings, and needs no sign-in', async () => {
    const eventId = `evt_${randomUUID()}`;
    const answer = await deliver(urlOf(), '{"id":"evt"}', { 'content-type': 'application/json', 'x-echo-event-id': eventId });
    expect(answer.status).toBe(201);
    const audit = await kit.kernel.db.query<{ actor_kind: string; actor_id: string; tenant_id: string }>(
      "select actor_kind, actor_id, tenant_id::text from kernel.audit_log where action = 'webhook-echo.event.received' and detail->>'eventId' = $1",
      [eventId],
    );
    expect(audit).toEqual([{ actor_kind: 'system', actor_id: 'webhook-echo', tenant_id: kit.tenant.id }]);
  });

  it("a sender's own Authorization header (Basic auth) is the plugin's to read, not a KiTS sign-in the kernel refuses", async () => {
    const eventId = `evt_${randomUUID()}`;
    const answer = await deliver(urlOf(), '{"id":"evt"}', {
      'content-type': 'application/json',
      'x-echo-event-id': eventId,
      authorization: `Basic ${Buffer.from('shop:secret').toString('base64')}`,
    });
    expect(answer.status).toBe(201);
    expect(await kit.kernel.db.query('select 1 from webhook_echo.events where event_id = $1', [eventId])).toHaveLength(1);
  });

  it('a wrong, missing or stale signature is refused 400 by the plugin and keeps nothing', async () => {
    const before = await allRows();
    const body = Buffer.from('{ "id": "evt_signed",  "amount": 150 }');
    const eventId = `evt_${randomUUID()}`;
    const headers = { 'content-type': 'application/json', 'x-echo-event-id': eventId };
    const refused = [
      await deliver(urlOf(), body, headers, sign(body, 'whsec_someone_else')),
      await deliver(urlOf(), body, headers, null),
      await deliver(urlOf(), body, headers, 'not hex'),
      // The same document re-serialised (as a JSON parser would hand it over) no longer matches.
      await deliver(urlOf(), body, headers, sign(Buffer.from(JSON.stringify(JSON.parse(body.toString()))))),
      // A signature over the body, sent with one byte changed.
      await deliver(urlOf(), Buffer.from('{ "id": "evt_signed",  "amount": 950 }'), headers, sign(body)),
    ];
    for (const answer of refused) {
      expect(answer.status).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 400, code: 'webhook-echo.bad_signature' });
    }
    expect(await rowsOf(eventId)).toEqual([]);
    expect(await allRows()).toBe(before);
  });

  it('a handler that throws after writing leaves nothing: a DomainError is its problem, anything else a logged 500', async () => {
    const headers = (eventId: string, fail: string) => ({
      'content-type': 'application/json',
      'x-echo-event-id': eventId,
      'x-echo-fail': fail,
    });
    const refusedId = `evt_${randomUUID()}`;
    const refused = await deliver(urlOf(), '{"n":1}', headers(refusedId, 'refuse'));
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'webhook-echo.refused', detail: 'Refused after writing, on purpose.' });
    expect(await rowsOf(refusedId)).toEqual([]);

    const crashedId = `evt_${randomUUID()}`;
    const crashed = await deliver(urlOf(), '{"n":2}', headers(crashedId, 'crash'));
    expect(crashed.status).toBe(500);
    expect(crashed.body).toMatchObject({ code: 'internal', requestId: crashed.headers['x-request-id'] });
    expect(crashed.text).not.toContain('secret detail');
    expect(logged.join('\n')).toContain('webhook-echo crashed after writing (secret detail)');
    expect(await rowsOf(crashedId)).toEqual([]);

    const hungId = `evt_${randomUUID()}`;
    const hung = await deliver(urlOf(), '{"n":3}', headers(hungId, 'hang'));
    expect(hung.status).toBe(503);
    expect(hung.body).toMatchObject({ code: 'plugins.handler_timeout' });
    expect(hung.body).toMatchObject({ detail: expect.stringContaining('webhook-echo webhook events') });
    expect(await rowsOf(hungId)).toEqual([]);
    expect(await audit(refusedId, crashedId, hungId)).toEqual([]);
    // The same events, sent again without failing, are kept: nothing of the failed tries was left.
    for (const eventId of [refusedId, crashedId, hungId]) {
      expect((await deliver(urlOf(), '{"n":4}', { 'content-type': 'application/json', 'x-echo-event-id': eventId })).status).toBe(201);
      expect(await rowsOf(eventId)).toHaveLength(1);
    }
  });

  it('answers one and the same 404 for an unknown plugin, tenant or name, a malformed one, or a plugin not enabled', async () => {
    const before = await allRows();
    const eventId = `evt_${randomUUID()}`;
    const urls = [
      urlOf('events', kit.tenant.id, 'no-such-plugin'),
      urlOf('events', randomUUID()),
      urlOf('events', 'not-a-tenant-id'),
      urlOf('nope'),
      urlOf('Events'),
      urlOf('events', kit.tenant.id, 'Webhook_Echo'),
      // Enabled for the tenant, but it declares no webhook.
      urlOf('events', kit.tenant.id, 'notes'),
      // The tenant exists and had the plugin; it is disabled now.
      urlOf('events', other.id),
    ];
    const details = new Set<string>();
    for (const url of urls) {
      const answer = await deliver(url, '{"id":"evt"}', { 'content-type': 'application/json', 'x-echo-event-id': eventId });
      expect(answer.status, url).toBe(404);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.body).toMatchObject({ status: 404, code: 'webhooks.not_found', instance: url });
      details.add(String((answer.body as { detail: string }).detail));
    }
    // Nothing tells a tenant that exists from one that does not.
    expect([...details]).toEqual([
      'There is no such webhook. Check the URL (/webhooks/<plugin-id>/<tenant-id>/<webhook-name>, as the plugin documents it): the plugin id, the tenant id and the webhook name, and that the plugin is enabled for the tenant.',
    ]);
    expect(await allRows()).toBe(before);
    // Only POST is served there.
    expect((await kit.kernel.app.inject({ method: 'GET', url: urlOf() })).statusCode).toBe(404);
  });

  it('the tenant named in the URL is the one whose transaction runs: the same event id is kept once per tenant', async () => {
    const third = await kit.createTenant();
    const settings = await kit.request('PUT', '/api/v1/plugins/webhook-echo/settings', {
      token: third.admin.token,
      body: { signingSecret: 'whsec_third_tenant_99' },
    });
    expect(settings.status).toBe(200);
    const eventId = `evt_${randomUUID()}`;
    const body = Buffer.from('{"id":"shared"}');
    const headers = { 'content-type': 'application/json', 'x-echo-event-id': eventId };
    // Each tenant's own secret: the first tenant's does not open the third's webhook.
    expect((await deliver(urlOf('events', third.id), body, headers)).status).toBe(400);
    expect((await deliver(urlOf('events', third.id), body, headers, sign(body, 'whsec_third_tenant_99'))).status).toBe(201);
    expect((await deliver(urlOf('events', third.id.toUpperCase()), body, headers, sign(body, 'whsec_third_tenant_99'))).body).toMatchObject(
      {
        duplicate: true,
        tenantId: third.id,
      },
    );
    expect((await deliver(urlOf(), body, headers)).status).toBe(201);
    expect((await rowsOf(eventId)).map((row) => row.tenant_id).sort()).toEqual([kit.tenant.id, third.id].sort());
    // Row-level security confines the fixture's table as it does every tenant table.
    expect(await kit.tablesWithoutTenantIsolation()).toEqual([]);
  });

  it('a body over the limit is refused 413 before the handler runs: the webhook’s own limit, else BODY_LIMIT_BYTES', async () => {
    const before = await allRows();
    const eventId = `evt_${randomUUID()}`;
    const headers = { 'content-type': 'text/plain', 'x-echo-event-id': eventId };
    const over = await deliver(urlOf('small'), Buffer.alloc(4096, 'x'), headers);
    expect(over.status).toBe(413);
    expect(over.body).toMatchObject({ code: 'request.too_large', limitBytes: 2048 });
    const overDefault = await deliver(urlOf('events'), Buffer.alloc(MiB + 1, 'x'), headers);
    expect(overDefault.status).toBe(413);
    expect(overDefault.body).toMatchObject({ code: 'request.too_large', limitBytes: MiB });
    expect(await allRows()).toBe(before);

    // Streamed without a Content-Length, on a real connection: cut off while it arrives, and the
    // connection then serves the next delivery.
    const baseUrl = await kit.kernel.listen();
    const connection = await RawConnection.open(baseUrl);
    try {
      const body = Buffer.alloc(4096, 'y');
      await connection.write(
        requestHead('POST', urlOf('small'), { ...headers, 'x-echo-signature': sign(body), 'transfer-encoding': 'chunked' }),
      );
      for (const part of chunked(body, 512)) await connection.write(part);
      const streamed = await connection.answer();
      expect(streamed.status).toBe(413);
      expect(JSON.parse(streamed.body)).toMatchObject({ code: 'request.too_large', limitBytes: 2048 });
      expect(await allRows()).toBe(before);

      const fits = Buffer.alloc(2048, 'z');
      await connection.write(
        requestHead('POST', urlOf('small'), { ...headers, 'x-echo-signature': sign(fits), 'content-length': fits.length }),
      );
      await connection.write(fits);
      const taken = await connection.answer();
      expect(taken.status).toBe(201);
      expect(JSON.parse(taken.body)).toMatchObject({ eventId, bytes: 2048 });
      expect(connection.errors).toEqual([]);
    } finally {
      connection.close();
    }
    expect(await rowsOf(eventId)).toHaveLength(1);
  });

  it('the same event delivered again — one after another, or twenty at once — is kept once', async () => {
    const body = Buffer.from('{"id":"evt_again","type":"payment_intent.succeeded"}');
    const eventId = `evt_${randomUUID()}`;
    const headers = { 'content-type': 'application/json', 'x-echo-event-id': eventId };
    const first = await deliver(urlOf(), body, headers);
    const again = await deliver(urlOf(), body, headers);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body).toMatchObject({ eventId, duplicate: true });
    expect(again.headers['x-echo-seen']).toBe('again');
    expect(await rowsOf(eventId)).toHaveLength(1);

    for (let round = 0; round < 5; round++) {
      const racedId = `evt_${randomUUID()}`;
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => deliver(urlOf(), body, { 'content-type': 'application/json', 'x-echo-event-id': racedId })),
      );
      // One delivery keeps it (201), the nineteen others find it kept (200).
      expect(answers.map((answer) => answer.status).sort((a, b) => a - b)).toEqual([...Array<number>(19).fill(200), 201]);
      expect(await rowsOf(racedId)).toHaveLength(1);
      expect(await audit(racedId)).toHaveLength(1);
    }
  });

  it('an Idempotency-Key from the sender is not replayed by the kernel: the handler sees every delivery, and the header', async () => {
    const body = Buffer.from('{"id":"evt_keyed"}');
    const eventId = `evt_${randomUUID()}`;
    const headers = { 'content-type': 'application/json', 'x-echo-event-id': eventId, 'idempotency-key': randomUUID() };
    const first = await deliver(urlOf(), body, headers);
    const second = await deliver(urlOf(), body, headers);
    expect(first.body).toMatchObject({ duplicate: false });
    // Answered by the handler again (a replay would repeat "duplicate: false").
    expect(second.body).toMatchObject({ duplicate: true });
    expect(await rowsOf(eventId)).toHaveLength(1);
  });

  it('a handler that returns nothing answers 204; requests are measured per webhook', async () => {
    const answer = await deliver(urlOf('ping'), 'ping', {}, null);
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    // An empty body said to be JSON is not the kernel's to refuse either.
    expect((await deliver(urlOf('ping'), '', { 'content-type': 'application/json' }, null)).status).toBe(204);
    const metrics = (await kit.kernel.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toMatch(
      /kits_http_request_duration_seconds_count\{method="POST",route="\/webhooks\/webhook-echo\/:tenant\/ping",status="204"\} 2/,
    );
    expect(metrics).toMatch(/route="\/webhooks\/webhook-echo\/:tenant\/events",status="201"/);
    // Made-up names share the route pattern's label instead of adding one each.
    expect(metrics).not.toContain('no-such-plugin');
  });
});
