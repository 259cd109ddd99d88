import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  changeProduct,
  count,
  createEndpoint,
  DATABASE_KINDS,
  deliveries,
  INVENTORY,
  ONPREM_HOST,
  startDns,
  verifies,
  WEBHOOKS,
  type CreatedEndpoint,
  type TestDns,
} from './support.ts';

// Every endpoint of the API refuses bad input with a 4xx problem+json and writes nothing: URLs that
// are not https on an installation that does not allow http, unknown event types, bad ranges,
// another tenant's endpoint. The same kit delivers over https to a real TLS receiver whose
// certificate the operator's CA_FILE trusts.

describe.each(DATABASE_KINDS)('bad input on %s (https only)', (db) => {
  let dns: TestDns;
  let kit: TestKernel;
  let other: TestTenant;
  let mine: CreatedEndpoint;
  let theirs: CreatedEndpoint;
  let tls: Server;
  let folder: string;
  const received: Array<{ headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'webhooks-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:P-256',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${ONPREM_HOST}`,
        '-addext',
        `subjectAltName=DNS:${ONPREM_HOST}`,
        '-keyout',
        join(folder, 'key.pem'),
        '-out',
        join(folder, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    tls = createServer(
      { key: readFileSync(join(folder, 'key.pem')), cert: readFileSync(join(folder, 'cert.pem')) },
      (request, response) => {
        const chunks: Buffer[] = [];
        request.on('data', (c: Buffer) => chunks.push(c));
        request.on('end', () => {
          received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
          response.end('ok');
        });
      },
    );
    await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
    dns = await startDns();
    dns.set(ONPREM_HOST, ['127.0.0.1']);
    dns.set('erp.example.test', ['93.184.216.34']);
    kit = await createTestKernel({
      plugins: [INVENTORY, WEBHOOKS],
      db,
      env: {
        PLUGIN_WEBHOOKS__ALLOW_PRIVATE_HOSTS: ONPREM_HOST,
        PLUGIN_WEBHOOKS__DNS_SERVERS: `127.0.0.1:${dns.port}`,
        PLUGIN_WEBHOOKS__CA_FILE: join(folder, 'cert.pem'),
      },
    });
    other = await kit.createTenant();
    mine = await createEndpoint(kit, {
      url: `https://${ONPREM_HOST}:${(tls.address() as AddressInfo).port}/hooks`,
      eventTypes: ['inventory.*'],
    });
    theirs = await createEndpoint(kit, { url: 'https://erp.example.test/hooks', eventTypes: ['*'] }, other.admin.token);
  });
  afterAll(async () => {
    await kit?.close();
    await dns?.close();
    tls?.closeAllConnections();
    await new Promise((resolve) => tls?.close(resolve));
    rmSync(folder, { recursive: true, force: true });
  });

  /** Sends a request that must be refused with `status` and `code`; the tables keep what they had. */
  async function refused(method: string, url: string, body: unknown, status: number, code: string) {
    const before = await Promise.all([count(kit, 'endpoints'), count(kit, 'deliveries'), count(kit, 'endpoints', other.id)]);
    const response = await kit.request<{ code: string; status: number }>(method, url, body === undefined ? {} : { body });
    expect(response.status, JSON.stringify(response.body)).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe(code);
    expect(await Promise.all([count(kit, 'endpoints'), count(kit, 'deliveries'), count(kit, 'endpoints', other.id)])).toEqual(before);
    return response;
  }

  it('delivers over https to a receiver whose certificate the operator trusts', async () => {
    await changeProduct(kit);
    const [got] = await eventually(
      async () => received,
      (r) => r.length >= 1,
    );
    expect(verifies(mine.secret, got!.headers as never, got!.body)).toBe(true);
    const [delivery] = await eventually(
      () => deliveries(kit, mine.id),
      (items) => items[0]?.state === 'succeeded',
    );
    expect(delivery).toMatchObject({ state: 'succeeded', lastStatus: 200 });
  });

  it.each([
    [
      'http: where the operator allows https only',
      { url: 'http://erp.example.test/hooks', eventTypes: ['*'] },
      400,
      'webhooks.https_required',
    ],
    ['another scheme', { url: 'ftp://erp.example.test/hooks', eventTypes: ['*'] }, 400, 'webhooks.https_required'],
    ['no URL at all', { url: 'erp.example.test/hooks', eventTypes: ['*'] }, 400, 'webhooks.bad_url'],
    ['credentials in the URL', { url: 'https://user:pw@erp.example.test/hooks', eventTypes: ['*'] }, 400, 'webhooks.bad_url'],
    [
      'an event type no enabled plugin publishes',
      { url: 'https://erp.example.test/a', eventTypes: ['sales.sale.completed'] },
      400,
      'webhooks.unknown_event_type',
    ],
    [
      'a wildcard naming nothing',
      { url: 'https://erp.example.test/a', eventTypes: ['inventory.*', 'purchasing.*'] },
      400,
      'webhooks.unknown_event_type',
    ],
    ['a malformed pattern', { url: 'https://erp.example.test/a', eventTypes: ['inventory.#'] }, 400, 'webhooks.unknown_event_type'],
    ['no event type', { url: 'https://erp.example.test/a', eventTypes: [] }, 400, 'request.invalid'],
    ['an unknown field', { url: 'https://erp.example.test/a', eventTypes: ['*'], secret: 'mine' }, 400, 'request.invalid'],
  ])('POST /endpoints refuses %s', async (_what, body, status, code) => {
    await refused('POST', `${API}/endpoints`, body, status, code);
  });

  it('PATCH refuses http:, unknown types, an empty change and another tenant’s endpoint, changing nothing', async () => {
    await refused('PATCH', `${API}/endpoints/${mine.id}`, { url: 'http://erp.example.test/x' }, 400, 'webhooks.https_required');
    await refused('PATCH', `${API}/endpoints/${mine.id}`, { eventTypes: ['inventory.stock.vanished'] }, 400, 'webhooks.unknown_event_type');
    await refused('PATCH', `${API}/endpoints/${mine.id}`, {}, 400, 'request.invalid');
    await refused('PATCH', `${API}/endpoints/${theirs.id}`, { enabled: false }, 404, 'webhooks.endpoint_not_found');
    const after = await kit.request<CreatedEndpoint>('GET', `${API}/endpoints/${mine.id}`);
    expect(after.body).toMatchObject({ url: mine.url, eventTypes: mine.eventTypes, enabled: true });
    const [theirsNow] = await kit.kernel.db.query<{ enabled: boolean }>('select enabled from webhooks.endpoints where endpoint_id = $1', [
      theirs.id,
    ]);
    expect(theirsNow!.enabled).toBe(true);
  });

  it('another tenant’s endpoint is not found for any route, and nothing of it changes', async () => {
    const [sealed] = await kit.kernel.db.query<{ secret_sealed: string }>(
      'select secret_sealed from webhooks.endpoints where endpoint_id = $1',
      [theirs.id],
    );
    await refused('GET', `${API}/endpoints/${theirs.id}`, undefined, 404, 'webhooks.endpoint_not_found');
    await refused('DELETE', `${API}/endpoints/${theirs.id}`, undefined, 404, 'webhooks.endpoint_not_found');
    await refused('POST', `${API}/endpoints/${theirs.id}/rotate-secret`, undefined, 404, 'webhooks.endpoint_not_found');
    await refused('POST', `${API}/endpoints/${theirs.id}/ping`, undefined, 404, 'webhooks.endpoint_not_found');
    await refused('GET', `${API}/endpoints/${theirs.id}/deliveries`, undefined, 404, 'webhooks.endpoint_not_found');
    const range = { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date().toISOString() };
    await refused('POST', `${API}/endpoints/${theirs.id}/replay`, range, 404, 'webhooks.endpoint_not_found');
    const [still] = await kit.kernel.db.query<{ secret_sealed: string }>(
      'select secret_sealed from webhooks.endpoints where endpoint_id = $1',
      [theirs.id],
    );
    expect(still!.secret_sealed).toBe(sealed!.secret_sealed);
  });

  it('lets a person with webhooks:read only look, not change anything', async () => {
    const reader = await kit.signInTill({ permissions: ['webhooks:read'] });
    const as = { token: reader.token };
    expect((await kit.request('GET', `${API}/endpoints`, as)).status).toBe(200);
    expect((await kit.request('GET', `${API}/endpoints/${mine.id}/deliveries`, as)).status).toBe(200);
    const before = await Promise.all([count(kit, 'endpoints'), count(kit, 'deliveries')]);
    const [sealed] = await kit.kernel.db.query<{ secret_sealed: string }>(
      'select secret_sealed from webhooks.endpoints where endpoint_id = $1',
      [mine.id],
    );
    for (const [method, url, body] of [
      ['POST', `${API}/endpoints`, { url: 'https://erp.example.test/b', eventTypes: ['*'] }],
      ['PATCH', `${API}/endpoints/${mine.id}`, { enabled: false }],
      ['DELETE', `${API}/endpoints/${mine.id}`, undefined],
      ['POST', `${API}/endpoints/${mine.id}/rotate-secret`, undefined],
      ['POST', `${API}/endpoints/${mine.id}/ping`, undefined],
      ['POST', `${API}/endpoints/${mine.id}/replay`, { from: new Date(Date.now() - 3600_000).toISOString(), to: new Date().toISOString() }],
    ] as const) {
      const response = await kit.request<{ code: string }>(method, url, { ...as, ...(body ? { body } : {}) });
      expect([method, url, response.status, response.body.code]).toEqual([method, url, 403, 'auth.forbidden']);
    }
    expect(await Promise.all([count(kit, 'endpoints'), count(kit, 'deliveries')])).toEqual(before);
    const [still] = await kit.kernel.db.query<{ secret_sealed: string; enabled: boolean }>(
      'select secret_sealed, enabled from webhooks.endpoints where endpoint_id = $1',
      [mine.id],
    );
    expect(still).toEqual({ secret_sealed: sealed!.secret_sealed, enabled: true });
  });

  it('refuses replays of unknown deliveries and bad ranges', async () => {
    const [delivery] = await eventually(
      () => deliveries(kit, mine.id),
      (items) => items.length >= 1,
    );
    const unknown = '01930000-0000-7000-8000-000000000000';
    await refused('POST', `${API}/endpoints/${mine.id}/deliveries/${unknown}/replay`, undefined, 404, 'webhooks.delivery_not_found');
    await refused('GET', `${API}/endpoints/${mine.id}/deliveries/${unknown}`, undefined, 404, 'webhooks.delivery_not_found');
    await refused('POST', `${API}/endpoints/${theirs.id}/deliveries/${delivery!.id}/replay`, undefined, 404, 'webhooks.endpoint_not_found');
    await refused('POST', `${API}/endpoints/${mine.id}/deliveries/not-an-id/replay`, undefined, 400, 'request.invalid');
    const now = Date.now();
    const at = (ms: number) => new Date(now + ms).toISOString();
    await refused('POST', `${API}/endpoints/${mine.id}/replay`, { from: at(0), to: at(-3600_000) }, 400, 'webhooks.bad_range');
    await refused('POST', `${API}/endpoints/${mine.id}/replay`, { from: at(0), to: at(0) }, 400, 'webhooks.bad_range');
    await refused('POST', `${API}/endpoints/${mine.id}/replay`, { from: at(3600_000), to: at(7200_000) }, 400, 'webhooks.bad_range');
    await refused('POST', `${API}/endpoints/${mine.id}/replay`, { from: 'yesterday', to: at(0) }, 400, 'request.invalid');
    await refused('GET', `${API}/endpoints/${mine.id}/deliveries?state=lost`, undefined, 400, 'request.invalid');
    await refused('GET', `${API}/endpoints/${mine.id}/deliveries?cursor=bogus`, undefined, 400, 'pagination.bad_cursor');
  });
});
