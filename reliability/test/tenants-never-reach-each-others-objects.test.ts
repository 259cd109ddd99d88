import fc from 'fast-check';
import type { TestKernel, TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, databaseSnapshotter } from './support/database-snapshot.ts';
import { operationsOf, validValue, type JsonSchema, type Operation } from './support/hostile-requests.ts';
import { firstPartyKernel, openShop, type ObjectIds, type Shop } from './support/shop.ts';

// Tenant A owns a shop full of objects, made through the API; tenant B has one of its own. Every
// route of the OpenAPI document that names an object by id (in its path, query or body) is sent
// with B's admin token and one of A's ids, everything else B's own. An id in the path must get 404
// or 403; one in the body must not be accepted; one in a query (a list filter) may find nothing.
// No answer may carry any other id of A's, and none of A's rows may change.

interface Case {
  readonly route: string;
  /** Where A's id went: `path saleId`, `body lines.variantId`, … */
  readonly where: string;
  readonly request: { method: string; url: string; body?: unknown };
  readonly foreignId: string;
}

const SEED = 8;

/** Names of the uuid fields of a schema that name a kind of object the shop has. */
function idFields(schema: JsonSchema | undefined, ids: ObjectIds, name = ''): string[] {
  if (!schema) return [];
  const found: string[] = [];
  if (schema.format === 'uuid' && ids[name]) found.push(name);
  for (const [key, property] of Object.entries(schema.properties ?? {})) found.push(...idFields(property, ids, key));
  if (schema.items) found.push(...idFields(schema.items, ids, name));
  for (const alternative of schema.anyOf ?? schema.oneOf ?? []) found.push(...idFields(alternative, ids, name));
  return [...new Set(found)];
}

/** A generated value as a URL part; a lone surrogate (which a URL cannot carry) becomes U+FFFD, as a browser sends it. */
const urlPart = (value: unknown) => encodeURIComponent(String(value).toWellFormed());

const fill = (path: string, params: Record<string, unknown>) =>
  path.replace(/\{([^}]+)\}/g, (_whole, name: string) => urlPart(params[name] ?? ''));

/** Requests of `operation` by tenant B carrying one of A's ids in `field` (where it occurs). */
function casesOf(operation: Operation, mine: ObjectIds, theirs: ObjectIds): Case[] {
  const route = `${operation.method} ${operation.path}`;
  const cases: Case[] = [];
  const request = (ids: ObjectIds, seed: number) => {
    const params = fc.sample(
      fc.record(Object.fromEntries(operation.parameters.map((p) => [p.name, validValue(p.schema, p.name, ids)])), {
        requiredKeys: operation.parameters.filter((p) => p.required).map((p) => p.name),
      }),
      { seed, numRuns: 1 },
    )[0] as Record<string, unknown>;
    const query = operation.parameters.filter((p) => p.in === 'query' && params[p.name] !== undefined);
    const body = operation.body ? fc.sample(validValue(operation.body, 'body', ids), { seed, numRuns: 1 })[0] : undefined;
    return {
      method: operation.method,
      url:
        fill(operation.path, params) + (query.length > 0 ? `?${query.map((p) => `${p.name}=${urlPart(params[p.name])}`).join('&')}` : ''),
      ...(body !== undefined ? { body } : {}),
    };
  };
  const fields = [
    ...operation.parameters.filter((p) => p.schema.format === 'uuid' && theirs[p.name]).map((p) => [`${p.in} ${p.name}`, p.name] as const),
    ...idFields(operation.body, theirs).map((name) => [`body ${name}`, name] as const),
  ];
  for (const [where, field] of fields) {
    // B's own ids everywhere, A's in this one field: a few seeds, keeping those where A's id landed.
    for (let seed = SEED; seed < SEED + 40 && cases.filter((c) => c.where === where).length < 2; seed++) {
      const foreignId = theirs[field]![seed % theirs[field]!.length]!;
      const built = request({ ...mine, [field]: [foreignId] }, seed);
      if (JSON.stringify(built).includes(foreignId)) cases.push({ route, where, request: built, foreignId });
    }
  }
  return cases;
}

describe.each(['postgres', 'pglite'] as const)('tenant isolation through every route on %s', (db) => {
  let kit: TestKernel;
  let a: Shop;
  let b: Shop;
  let tenantB: TestTenant;

  beforeAll(async () => {
    kit = await firstPartyKernel(db);
    a = await openShop(kit);
    tenantB = await kit.createTenant();
    b = await openShop(kit, tenantB);
  });
  afterAll(async () => kit?.close());

  it("tenant B naming any of tenant A's objects gets no data and changes none of A's rows", { timeout: 10 * 60_000 }, async () => {
    const document = (await kit.request<Parameters<typeof operationsOf>[0]>('GET', '/docs/json')).body;
    const operations = operationsOf(document);
    const cases = operations.flatMap((operation) => casesOf(operation, b.ids, a.ids));
    const aIds = [...new Set(Object.values(a.ids).flat())];
    const snapshotA = await databaseSnapshotter(kit, kit.tenant.id);
    let before = await snapshotA();
    const failures: string[] = [];
    const statuses = new Map<number, number>();

    for (const { route, where, request, foreignId } of cases) {
      const token = request.url.startsWith('/api/v1/sync/') ? b.till.token : tenantB.admin.token;
      const response = await kit.request<Record<string, unknown> | string>(request.method, request.url, { token, body: request.body });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      const what = `${route} with A's ${where} ${foreignId}: ${response.status}`;
      // A query parameter filters a list: an empty 200 is fine, as long as it names nothing of A's.
      if (response.status < 300 && !where.startsWith('query')) failures.push(`${what} — accepted`);
      if (where.startsWith('path') && ![403, 404].includes(response.status)) failures.push(`${what} — not 404 or 403`);
      if (response.status >= 500) failures.push(`${what} — ${JSON.stringify(response.body)}`);
      // Saying back the id B sent ("there is no variant …") tells B nothing; any other id of A's is a leak.
      const leaked = aIds.filter((id) => id !== foreignId && JSON.stringify(response.body).includes(id));
      if (leaked.length > 0) failures.push(`${what} — the answer names A's ${leaked.join(', ')}`);
      const after = await snapshotA();
      const changed = changedTables(before, after);
      if (changed.length > 0) failures.push(`${what} — changed A's ${changed.join(', ')}`);
      before = after;
    }

    console.log(
      `tenant isolation on ${db}: ${cases.length} requests over ${new Set(cases.map((c) => c.route)).size} routes; statuses ${[...statuses]
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')}`,
    );
    expect(failures).toEqual([]);
    // Every route with an object id in its path is covered.
    const withPathIds = operations.filter((op) => op.parameters.some((p) => p.in === 'path' && p.schema.format === 'uuid'));
    const covered = new Set(cases.filter((c) => c.where.startsWith('path')).map((c) => c.route));
    expect(withPathIds.map((op) => `${op.method} ${op.path}`).filter((route) => !covered.has(route))).toEqual([]);
    expect(withPathIds.length).toBeGreaterThanOrEqual(20);
  });

  it('the same objects are reachable by their own tenant (the requests above were not refused for another reason)', async () => {
    // Reads of A's objects by path id with A's token: each answers 200 with the object.
    const reads = [
      `/api/v1/core-inventory/products/${a.ids.productId![0]}`,
      `/api/v1/core-inventory/variants/${a.ids.variantId![0]}/stock`,
      `/api/v1/core-inventory/transfers/${a.ids.transferId![0]}`,
      `/api/v1/core-inventory/counts/${a.ids.countId![0]}/variance`,
      `/api/v1/core-sales/sales/${a.ids.saleId![0]}`,
      `/api/v1/core-sales/shifts/${a.ids.shiftId![0]}/report`,
      `/api/v1/core-sales/customers/${a.ids.customerId![0]}`,
    ];
    for (const url of reads) {
      const own = await kit.request('GET', url);
      expect(own.status, url).toBe(200);
      const foreign = await kit.request('GET', url, { token: tenantB.admin.token });
      expect(foreign.status, url).toBe(404);
    }
  });
});
