// The production topology (deploy/topology), started here and driven through its balancer: TLS 1.3
// only, with the CA made for the run; three kernels behind HAProxy on PgBouncer in transaction
// pooling mode, whose tenant settings, row-level security and transaction-scoped advisory locks
// hold as on a direct connection; reports read from the streaming replica; and the scale-out load
// (bench/src/sales-load) through the balancer with 0 oversold, 0 lost and 0 duplicated.
import { connect as tlsConnect, getCACertificates, setDefaultCACertificates, type ConnectionOptions } from 'node:tls';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkSales, openLoadShop, openTerminals, runTerminals, type LoadShop, type LoadStats } from '@kits/bench/sales-load';
import { startProductionTopology, type ProductionTopology } from '../topology/start-production-topology.ts';

const LOAD_SECONDS = 15;
const TERMINALS = 8;

/** The TLS version the balancer agreed to, or the handshake's error. */
function handshake(port: number, options: ConnectionOptions): Promise<{ protocol: string | null; authorized: boolean } | Error> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, ...options }, () => {
      resolve({ protocol: socket.getProtocol(), authorized: socket.authorized });
      socket.end();
    });
    socket.once('error', (error) => resolve(error));
  });
}

async function rows<Row extends object>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row & pg.QueryResultRow>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** A GET through the balancer: its status, JSON body and the kernel that answered (HAProxy's X-Kits-Kernel). */
async function get<Body>(url: string, token: string): Promise<{ status: number; body: Body; kernel: string | null }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: response.status, body: (await response.json()) as Body, kernel: response.headers.get('x-kits-kernel') };
}

describe('the production topology: HAProxy (TLS 1.3) → 3 kernels → PgBouncer (transaction pooling) → PostgreSQL with a streaming replica', () => {
  let topology: ProductionTopology;
  let shop: LoadShop;
  let stats: LoadStats | undefined;
  const defaultCAs = getCACertificates('default');

  beforeAll(async () => {
    topology = await startProductionTopology();
    // fetch (undici) trusts what TLS trusts by default: the run's CA beside the system's.
    setDefaultCACertificates([...defaultCAs, topology.caCert]);
    shop = await openLoadShop(topology.url, topology.operator, { extraPlugins: ['eventlog', 'reports'] });
  }, 240_000);

  afterAll(async () => {
    setDefaultCACertificates(defaultCAs);
    await topology?.stop();
  }, 120_000);

  it('negotiates TLS 1.3 with the certificate the run made, and refuses TLS 1.2 and clients that do not trust its CA', async () => {
    const port = Number(new URL(topology.url).port);
    expect(await handshake(port, { ca: topology.caCert })).toEqual({ protocol: 'TLSv1.3', authorized: true });
    expect(await handshake(port, { ca: topology.caCert, servername: 'localhost' })).toEqual({ protocol: 'TLSv1.3', authorized: true });

    const tls12 = await handshake(port, { ca: topology.caCert, maxVersion: 'TLSv1.2' });
    expect(tls12).toBeInstanceOf(Error);
    expect(String(tls12)).toMatch(/protocol version|handshake failure|wrong version/i);

    const untrusted = await handshake(port, { ca: getCACertificates('bundled') });
    expect(untrusted).toBeInstanceOf(Error);
    expect((untrusted as NodeJS.ErrnoException).code).toMatch(
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/,
    );

    const readyz = await fetch(`${topology.url}/readyz`);
    expect(readyz.status).toBe(200);
    // Every kernel in rotation (a health check may still be settling on a busy machine).
    const allUp = ['kernel-1', 'kernel-2', 'kernel-3'].map((name) => ({ name, status: 'UP' }));
    let states = await topology.balancer.serverStates();
    for (const until = Date.now() + 15_000; JSON.stringify(states) !== JSON.stringify(allUp) && Date.now() < until;) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      states = await topology.balancer.serverStates();
    }
    expect(states).toEqual(allUp);
  });

  it("keeps each shop to its own rows through PgBouncer: another shop's token never reads them, whichever kernel answers", async () => {
    const other = await openLoadShop(topology.url, topology.operator, { variants: 3 });
    const products = (token: string) =>
      get<{ items: Array<{ id: string; variants: Array<{ id: string }> }> }>(
        `${topology.url}/api/v1/core-inventory/products?limit=200`,
        token,
      );
    // Interleaved and at once, so PgBouncer hands the same server connections to both shops' transactions in turn.
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        products(i % 2 === 0 ? shop.adminToken : other.adminToken).then((a) => ({ ...a, mine: i % 2 === 0 })),
      ),
    );
    const ours = new Set(shop.variants);
    const theirs = new Set(other.variants);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      const seen = answer.body.items.flatMap((product) => product.variants.map((variant) => variant.id));
      expect(seen.length).toBe(answer.mine ? ours.size : theirs.size);
      expect(seen.every((id) => (answer.mine ? ours : theirs).has(id))).toBe(true);
    }
    expect(new Set(answers.map((answer) => answer.kernel))).toEqual(new Set(['kernel-1', 'kernel-2', 'kernel-3']));

    // One shop's product, asked for by id with the other's token, does not exist for it.
    const productId = answers.find((answer) => answer.mine)!.body.items[0]!.id;
    expect((await get(`${topology.url}/api/v1/core-inventory/products/${productId}`, shop.adminToken)).status).toBe(200);
    const foreign = await get<{ code: string }>(`${topology.url}/api/v1/core-inventory/products/${productId}`, other.adminToken);
    expect(foreign.status).toBe(404);
  });

  it(`sells for ${LOAD_SECONDS} s through the balancer with ${TERMINALS} terminals racing for the last units: 0 oversold, 0 lost, 0 duplicated`, async () => {
    const terminals = await openTerminals(shop, [topology.url], TERMINALS);
    const deadline = Date.now() + LOAD_SECONDS * 1000;
    stats = await runTerminals(terminals, {
      kernels: () => [topology.url],
      variants: shop.variants,
      selling: () => Date.now() < deadline,
      drainMs: 60_000,
    });
    const check = await checkSales(topology.primary.url, stats, { deliveryWaitMs: 60_000, tenantSlug: shop.slug });

    expect(check.failures).toEqual([]);
    expect(stats.accepted.size).toBeGreaterThan(50);
    expect(stats.denied).toBeGreaterThan(0); // the scarce variants ran out: the guarded update refused the rest
    expect(check.unitsOversold).toBe(0);
    expect(check.missing).toBe(0);
    expect(check.unaccounted).toBe(0);
    expect(check.receiptsTwice).toBe(0);
    expect(check.offLedger).toBe(0);
    expect(check.events.twice).toBe(0);
    expect(check.events.delivered).toBe(check.events.published);
  }, 150_000);

  it('reads reports from the streaming replica, which shows every sale of the load once replicated', async () => {
    expect(stats, 'the load ran').toBeDefined();
    const [replication] = await rows<{ state: string; sync_state: string }>(
      topology.primary.url,
      'select state, sync_state from pg_stat_replication',
    );
    expect(replication).toEqual({ state: 'streaming', sync_state: 'async' });
    expect(await rows(topology.replica.url, 'select pg_is_in_recovery() as standby')).toEqual([{ standby: true }]);

    const [completed] = await rows<{ n: number }>(
      topology.primary.url,
      `select count(*)::int as n from sales.sales s join kernel.tenants t on t.tenant_id = s.tenant_id where t.slug = '${shop.slug}' and s.status = 'completed'`,
    );
    expect(completed!.n).toBe(stats!.accepted.size);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    type Report = { meta: { source: string; lagSeconds: number | null }; totals: { sales: number | null } };
    let report: Awaited<ReturnType<typeof get<Report>>> | undefined;
    // Each sale reaches the rollups through its event, then the replica through the WAL.
    for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((resolve) => setTimeout(resolve, 500))) {
      report = await get<Report>(`${topology.url}/api/v1/reports/sales?from=${day(-1)}&to=${day(1)}`, shop.adminToken);
      if (report.status !== 200 || report.body.totals.sales === completed!.n) break;
    }
    expect(report!.status).toBe(200);
    expect(report!.body.meta.source).toBe('replica');
    expect(report!.body.totals.sales).toBe(completed!.n);
  }, 60_000);

  it('runs PgBouncer in transaction pooling mode, its server connections shared by every kernel', async () => {
    const config = await rows<{ key: string; value: string }>(topology.pgbouncer.adminUrl, 'show config');
    expect(config.find((row) => row.key === 'pool_mode')?.value).toBe('transaction');
    const [stats] = (await rows<{ database: string; total_xact_count: string }>(topology.pgbouncer.adminUrl, 'show stats')).filter(
      (row) => row.database === 'kits',
    );
    expect(Number(stats!.total_xact_count)).toBeGreaterThan(1000);
    // The kernels hold their connections to PgBouncer; the primary sees at most its pool of 20 from it.
    const [backends] = await rows<{ n: number }>(
      topology.primary.url,
      "select count(*)::int as n from pg_stat_activity where datname = 'kits' and pid <> pg_backend_pid()",
    );
    expect(backends!.n).toBeLessThanOrEqual(20);
  });
});
