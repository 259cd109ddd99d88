import { Webhook } from 'standardwebhooks';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import dns2 from 'dns2';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { DATABASE_KINDS } from '@kits/plugin-sdk/test-kit';
import { firstPartyPlugin } from '../../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../../testing/shop-shelf.ts';

export const WEBHOOKS = fileURLToPath(new URL('..', import.meta.url));
export const INVENTORY = firstPartyPlugin('core-inventory');
export const API = '/api/v1/webhooks';
export { DATABASE_KINDS };

/** The on-premises host name the test operator allows to resolve to a private address (the local receivers). */
export const ONPREM_HOST = 'receiver.onprem.test';

/** A real DNS server (UDP and TCP on 127.0.0.1) whose answers the test changes: names → A/AAAA records. */
export interface TestDns {
  readonly port: number;
  set(name: string, addresses: readonly string[]): void;
  close(): Promise<void>;
}

export async function startDns(): Promise<TestDns> {
  const records = new Map<string, readonly string[]>();
  const { Packet } = dns2;
  const server = dns2.createServer({
    udp: true,
    tcp: true,
    handle(request, send) {
      const response = Packet.createResponseFromRequest(request);
      const [question] = request.questions;
      for (const address of records.get(question!.name.toLowerCase()) ?? []) {
        const v6 = address.includes(':');
        if (question!.type !== (v6 ? Packet.TYPE.AAAA : Packet.TYPE.A)) continue;
        response.answers.push({ name: question!.name, type: question!.type, class: Packet.CLASS.IN, ttl: 0, address });
      }
      send(response);
    },
  });
  const ports = await new Promise<{ udp: AddressInfo }>((resolve) => {
    server.on('listening', () => resolve(server.addresses() as unknown as { udp: AddressInfo }));
    void server.listen({ udp: { port: 0, address: '127.0.0.1' }, tcp: { port: 0, address: '127.0.0.1' } });
  });
  return {
    port: ports.udp.port,
    set: (name, addresses) => records.set(name.toLowerCase(), addresses),
    close: () => server.close() as unknown as Promise<void>,
  };
}

export interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly path: string;
}

/** A real HTTP receiver on 127.0.0.1: records what it gets and answers as `respond` says (200 "ok" by default). */
export interface Receiver {
  readonly port: number;
  readonly received: Received[];
  /** The receiver's URL at the test's on-premises host name. */
  url(path?: string): string;
  respond: (request: Received, response: ServerResponse) => void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const receiver: Receiver = {
    port: 0,
    received: [],
    url: (path = '/hooks') => `http://${ONPREM_HOST}:${receiver.port}${path}`,
    respond: (_request, response) => response.end('ok'),
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const got = { headers: request.headers, body: Buffer.concat(chunks).toString('utf8'), path: request.url ?? '/' };
      receiver.received.push(got);
      receiver.respond(got, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (receiver as { port: number }).port = (server.address() as AddressInfo).port;
  return receiver;
}

/**
 * Verifies a delivery as a receiver does, written from the Standard Webhooks specification (not from
 * the plugin's code): HMAC-SHA256 of `id.timestamp.body` keyed with the base64 after `whsec_`, any of
 * the space-separated `v1,` signatures matching.
 */
export function verifies(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const bySpec = verifiesBySpec(secret, headers, body);
  // The `standardwebhooks` package, as an integrator's receiver uses it, must agree.
  let byPackage = true;
  try {
    new Webhook(secret).verify(body, headers as Record<string, string>);
  } catch {
    byPackage = false;
  }
  if (bySpec !== byPackage)
    throw new Error(`the specification says ${bySpec} and the standardwebhooks package ${byPackage} for one delivery`);
  return bySpec;
}

function verifiesBySpec(secret: string, headers: IncomingHttpHeaders, body: string): boolean {
  const id = String(headers['webhook-id']);
  const timestamp = String(headers['webhook-timestamp']);
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > 300) return false;
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return String(headers['webhook-signature'])
    .split(' ')
    .some((entry) => {
      const [version, signature] = entry.split(',');
      const given = Buffer.from(signature ?? '', 'base64');
      return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
    });
}

/** The operator settings of the tests: http allowed, the local receivers' host name allowed to be private, our DNS server. */
export const operatorEnv = (dns: TestDns, extra: Record<string, string> = {}): Record<string, string> => ({
  PLUGIN_WEBHOOKS__ALLOW_HTTP: '1',
  PLUGIN_WEBHOOKS__ALLOW_PRIVATE_HOSTS: ONPREM_HOST,
  PLUGIN_WEBHOOKS__DNS_SERVERS: `127.0.0.1:${dns.port}`,
  PLUGIN_WEBHOOKS__RETRY_BASE_MS: '200',
  PLUGIN_WEBHOOKS__TIMEOUT_MS: '2000',
  ...extra,
});

export function webhookKit(db: (typeof DATABASE_KINDS)[number], dns: TestDns, extra: Record<string, string> = {}): Promise<TestKernel> {
  dns.set(ONPREM_HOST, ['127.0.0.1']);
  return createTestKernel({ plugins: [INVENTORY, WEBHOOKS], db, env: operatorEnv(dns, extra) });
}

export interface CreatedEndpoint {
  id: string;
  url: string;
  secret: string;
  eventTypes: string[];
  ordered: boolean;
  enabled: boolean;
  disabledReason: string | null;
  previousSecretExpiresAt: string | null;
}

export async function createEndpoint(
  kit: TestKernel,
  body: { url: string; eventTypes: string[]; ordered?: boolean; description?: string },
  token?: string,
): Promise<CreatedEndpoint> {
  const response = await kit.request<CreatedEndpoint>('POST', `${API}/endpoints`, { body, ...(token ? { token } : {}) });
  if (response.status !== 201) throw new Error(`creating an endpoint answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

let made = 0;
/** Publishes `inventory.product.changed` (and no other event) by creating a product; answers its id. */
export async function changeProduct(kit: TestKernel, name = `Webhook item ${(made += 1)}`): Promise<string> {
  const { productId } = await shelveVariant(kit, { name, price: 199 });
  return productId;
}

export interface Delivery {
  id: string;
  eventId: string;
  eventType: string;
  state: string;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastDurationMs: number | null;
  replayOf: string | null;
}

export async function deliveries(kit: TestKernel, endpointId: string, query = ''): Promise<Delivery[]> {
  const response = await kit.request<{ items: Delivery[] }>('GET', `${API}/endpoints/${endpointId}/deliveries?limit=200${query}`);
  if (response.status !== 200) throw new Error(`the delivery log answered ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body.items;
}

/** Rows of a webhooks table for the test tenant (as the database owner: what the API may hide). */
export async function count(kit: TestKernel, table: 'endpoints' | 'deliveries' | 'attempts', tenantId = kit.tenant.id): Promise<number> {
  const [row] = await kit.kernel.db.query<{ n: number }>(`select count(*)::int as n from webhooks.${table} where tenant_id = $1`, [
    tenantId,
  ]);
  return row!.n;
}

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
