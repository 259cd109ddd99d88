import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin } from '../../testing/first-party-plugins.ts';
import { changedTables, databaseSnapshotter, type Snapshot } from './support/database-snapshot.ts';
import { operationsOf, type Operation } from './support/hostile-requests.ts';
import { requiredTexts, spoiledTexts, validBody, validText, withText } from './support/required-text.ts';
import { openShop, type Shop } from './support/shop.ts';

// Walks the OpenAPI document of a kernel with every first-party server plugin: for each POST, PUT
// and PATCH with a JSON body, each required string property (nested ones too) is sent empty, as
// spaces, as whitespace and control characters only, one character over its maxLength (10,001
// characters where it declares none), with a NUL or a bell in an otherwise valid value, and as a
// number — in an otherwise valid-shaped body. Each must be refused by the route's schema: 400
// problem+json `request.invalid` naming that field, never a 5xx; and no row of any tenant table
// may change.
const PLUGINS = ['core-inventory', 'core-sales', 'purchasing'].map(firstPartyPlugin);
const SEED = 20_261_212;
const KNOWN_PARAMETERS: Readonly<Record<string, string>> = { pluginId: 'core-inventory', version: '1.0.0' };

/**
 * A till's pushed events are answered one by one (docs/reliability.md): a malformed event is
 * `denied` in a 200 answer, not a refusal of the whole push, which the till would send again and
 * again (a value the database cannot store, a NUL, still refuses the push: 400 `request.invalid_text`).
 */
const deniedInPush = (route: string, field: string, answer: Refusal) =>
  route === 'POST /api/v1/sync/push' &&
  field.startsWith('body.events.0.') &&
  ((answer.status === 200 && (answer.body as { answers?: Array<{ status: string }> }).answers?.[0]?.status === 'denied') ||
    (answer.status === 400 && /^application\/problem\+json/.test(answer.contentType)));

interface Refusal {
  readonly status: number;
  readonly contentType: string;
  readonly body: { code?: string; errors?: Array<{ field: string }> };
}

describe.each(['pglite', 'postgres'] as const)('required text fields on %s', (db) => {
  let kit: TestKernel;
  let shop: Shop;
  let baseUrl: string;
  let snapshot: () => Promise<Snapshot>;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: PLUGINS, db });
    shop = await openShop(kit);
    baseUrl = await kit.kernel.listen();
    snapshot = await databaseSnapshotter(kit);
  });
  afterAll(async () => kit?.close());

  /** A path parameter's value: a real object's id where the shop has one, a plugin's id, or one its schema takes. */
  const parameter = (operation: Operation, name: string) =>
    shop.ids[name]?.[0] ??
    KNOWN_PARAMETERS[name] ??
    validText(operation.parameters.find((p) => p.name === name)?.schema ?? { type: 'string' }, name, shop.ids, SEED);

  async function send(operation: Operation, body: unknown): Promise<Refusal> {
    const url = operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => encodeURIComponent(parameter(operation, name)));
    const token = operation.path.startsWith('/api/v1/sync/') ? shop.till.token : kit.tenant.admin.token;
    const response = await fetch(`${baseUrl}${url}`, {
      method: operation.method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: Refusal['body'];
    try {
      parsed = JSON.parse(text) as Refusal['body'];
    } catch {
      parsed = { code: `not JSON: ${text.slice(0, 200)}` };
    }
    return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: parsed };
  }

  it(
    'every required text of every write route refuses blank, too long, control characters and wrong types, changing nothing',
    { timeout: 15 * 60_000 },
    async () => {
      const document = (await (await fetch(`${baseUrl}/docs/json`)).json()) as Parameters<typeof operationsOf>[0];
      const operations = operationsOf(document).filter((op) => ['POST', 'PUT', 'PATCH'].includes(op.method) && op.body);
      const failures: string[] = [];
      let checked = 0;
      const fields = new Set<string>();

      for (const [index, operation] of operations.entries()) {
        const route = `${operation.method} ${operation.path}`;
        const texts = requiredTexts(operation.body!);
        if (texts.length === 0) continue;
        const before = await snapshot();
        const body = validBody(operation, shop.ids, SEED + index);
        for (const text of texts) {
          const field = ['body', ...text.path].join('.');
          fields.add(`${route} ${field}`);
          const name = String(text.path.at(-1));
          for (const spoiled of spoiledTexts(text.schema, validText(text.schema, name, shop.ids, SEED + index))) {
            checked += 1;
            const answer = await send(operation, withText(body, operation.body!, text.path, spoiled.value, shop.ids));
            const named = answer.body.errors?.some((issue) => issue.field === field);
            if (deniedInPush(route, field, answer)) continue;
            if (
              answer.status !== 400 ||
              answer.body.code !== 'request.invalid' ||
              !named ||
              !/^application\/problem\+json/.test(answer.contentType)
            )
              failures.push(`${route} ${field} ${spoiled.what}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
          }
        }
        // A denied till event is answered, and its answer kept (kernel.sync_events, sync_positions): nothing else.
        const changed = changedTables(before, await snapshot()).filter(
          (table) => route !== 'POST /api/v1/sync/push' || !/^kernel\.sync_(events|positions) /.test(table),
        );
        if (changed.length > 0) failures.push(`${route}: refused requests changed ${changed.join(', ')}`);
      }

      console.log(`required text on ${db}: ${fields.size} fields over ${operations.length} write routes, ${checked} requests`);
      expect(failures).toEqual([]);
      // The walk reached the plugins' routes and the kernel's, nested fields included.
      expect([...fields].some((f) => f.includes('/core-inventory/products body.name'))).toBe(true);
      expect([...fields].some((f) => f.includes('/core-inventory/products body.variants.0.sku'))).toBe(true);
      expect([...fields].some((f) => f.includes('/purchasing/suppliers body.name'))).toBe(true);
      expect([...fields].some((f) => f.includes('/tenants/current/locations body.name'))).toBe(true);
      expect([...fields].some((f) => f.includes('/tenants/current/users body.displayName'))).toBe(true);
    },
  );
});
