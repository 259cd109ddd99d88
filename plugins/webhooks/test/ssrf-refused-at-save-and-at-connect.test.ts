import type { TestKernel } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  API,
  changeProduct,
  count,
  createEndpoint,
  DATABASE_KINDS,
  deliveries,
  startDns,
  startReceiver,
  webhookKit,
  type Receiver,
  type TestDns,
} from './support.ts';

// Endpoints are refused when their host is, or resolves to, a loopback, private, link-local,
// metadata or otherwise reserved address — when saved, and again when each delivery connects (DNS
// rebinding: public when saved, loopback at send). Redirects are not followed; answers are
// limited in time and size. A real DNS server (dns2) answers the plugin (operator DNS_SERVERS).

const PUBLIC = '93.184.216.34';

const LITERALS = [
  '127.0.0.1',
  '127.1.2.3',
  '10.0.0.7',
  '172.20.1.1',
  '192.168.0.10',
  '169.254.169.254',
  '169.254.10.10',
  '100.64.1.1',
  '0.0.0.0',
  '224.0.0.1',
  '255.255.255.255',
  '[::1]',
  '[::]',
  '[fc00::5]',
  '[fd00:ec2::254]',
  '[fe80::1]',
  '[ff02::1]',
  '[::ffff:127.0.0.1]',
  '[::ffff:169.254.169.254]',
  '[::ffff:10.0.0.1]',
  '[64:ff9b::7f00:1]',
  '2130706433', // 127.0.0.1 as one number: the URL parser makes it 127.0.0.1
  '0x7f.1', // and in hex
];

const NAMES: Record<string, string[]> = {
  'loopback.attacker.test': ['127.0.0.1'],
  'private.attacker.test': ['10.1.2.3'],
  'metadata.attacker.test': ['169.254.169.254'],
  'cgnat.attacker.test': ['100.100.100.100'],
  'v6-loopback.attacker.test': ['::1'],
  'v6-ula.attacker.test': ['fd00::1'],
  'v6-mapped.attacker.test': ['::ffff:c0a8:101'], // ::ffff:192.168.1.1 (dns2 encodes only the hex form)
  'mixed.attacker.test': [PUBLIC, '10.0.0.1'],
};

describe.each(DATABASE_KINDS)('SSRF protection on %s', (db) => {
  let dns: TestDns;
  let kit: TestKernel;
  let receiver: Receiver;
  let other: Receiver;

  beforeAll(async () => {
    dns = await startDns();
    [receiver, other] = await Promise.all([startReceiver(), startReceiver()]);
    kit = await webhookKit(db, dns);
    for (const [name, addresses] of Object.entries(NAMES)) dns.set(name, addresses);
    dns.set('shop.example.test', [PUBLIC]);
  });
  afterAll(async () => {
    await kit?.close();
    await Promise.all([receiver?.close(), other?.close()]);
    await dns?.close();
  });

  const save = (url: string) =>
    kit.request<{ code: string; detail: string }>('POST', `${API}/endpoints`, { body: { url, eventTypes: ['*'] } });

  it.each(LITERALS)('refuses an endpoint at the address %s, writing nothing', async (host) => {
    const response = await save(`http://${host}:${receiver.port}/hooks`);
    expect(response.status).toBe(422);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body.code).toBe('webhooks.private_address');
    expect(await count(kit, 'endpoints')).toBe(0);
  });

  it.each(Object.keys(NAMES))('refuses an endpoint whose host %s resolves to a private address', async (name) => {
    const response = await save(`https://${name}/hooks`);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('webhooks.private_address');
    expect(response.body.detail.startsWith(`${name} resolves to `)).toBe(true);
    expect(await count(kit, 'endpoints')).toBe(0);
  });

  it('refuses a host that does not resolve, and takes one that resolves to a public address', async () => {
    const missing = await save('https://nowhere.attacker.test/hooks');
    expect(missing.status).toBe(422);
    expect(missing.body.code).toBe('webhooks.host_not_found');
    expect(await count(kit, 'endpoints')).toBe(0);
    expect((await save('https://shop.example.test/hooks')).status).toBe(201);
    await kit.kernel.db.query('delete from webhooks.endpoints where tenant_id = $1', [kit.tenant.id]);
  });

  it('refuses at connect time a host that resolved to a public address when saved and to loopback now (DNS rebinding)', async () => {
    dns.set('rebind.attacker.test', [PUBLIC]);
    const endpoint = await createEndpoint(kit, {
      url: `http://rebind.attacker.test:${receiver.port}/rebound`,
      eventTypes: ['inventory.*'],
    });
    dns.set('rebind.attacker.test', ['127.0.0.1']);
    await changeProduct(kit);
    const [delivery] = await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => (items[0]?.attempts ?? 0) >= 1 && items[0]?.state === 'pending',
    );
    expect(delivery!.lastError).toMatch(/^refused: rebind\.attacker\.test resolves to 127\.0\.0\.1/);
    expect(delivery!.lastStatus).toBeNull();
    expect(receiver.received.filter((r) => r.path === '/rebound')).toEqual([]);
    await kit.request('DELETE', `${API}/endpoints/${endpoint.id}`);
  });

  it('does not follow redirects', async () => {
    receiver.respond = (_request, response) => response.writeHead(307, { location: other.url('/elsewhere') }).end();
    const endpoint = await createEndpoint(kit, { url: receiver.url('/moved'), eventTypes: ['inventory.*'] });
    await changeProduct(kit);
    const [delivery] = await eventually(
      () => deliveries(kit, endpoint.id),
      (items) => (items[0]?.attempts ?? 0) >= 1 && items[0]?.state === 'pending',
    );
    expect(delivery).toMatchObject({ lastStatus: 307, state: 'pending' });
    expect(delivery!.lastError).toMatch(/redirects are not followed/);
    expect(other.received).toEqual([]);
    await kit.request('DELETE', `${API}/endpoints/${endpoint.id}`);
  });

  it('stops waiting for a receiver that does not answer in time, and reads only the first KiB of a long answer', async () => {
    receiver.respond = (request, response) => {
      if (request.path === '/silent') return; // never answers
      response.end('x'.repeat(200 * 1024));
    };
    const silent = await createEndpoint(kit, { url: receiver.url('/silent'), eventTypes: ['inventory.*'] });
    const chatty = await createEndpoint(kit, { url: receiver.url('/chatty'), eventTypes: ['inventory.*'] });
    await changeProduct(kit);
    const [late] = await eventually(
      () => deliveries(kit, silent.id),
      (items) => (items[0]?.attempts ?? 0) >= 1 && items[0]?.state === 'pending',
    );
    expect(late!.lastError).toBe('timed out after 2000 ms');
    const [long] = await eventually(
      () => deliveries(kit, chatty.id),
      (items) => items[0]?.state === 'succeeded',
    );
    const detail = await kit.request<{ attemptLog: Array<{ responseExcerpt: string }> }>(
      'GET',
      `${API}/endpoints/${chatty.id}/deliveries/${long!.id}`,
    );
    expect(detail.body.attemptLog[0]!.responseExcerpt).toBe('x'.repeat(1024));
  });
});
