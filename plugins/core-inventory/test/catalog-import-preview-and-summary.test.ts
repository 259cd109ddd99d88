import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit } from './support.ts';

const HEADER = 'product,sku,unit,tax_class,options,barcodes,currency,price,cost';
const GOOD = `${HEADER}
Cotton Tee,TEE-S,piece,standard,size=S,4006381333931,EUR,19.99,6.50
Cotton Tee,TEE-M,piece,standard,size=M,,EUR,19.99,6.50
Ground Coffee,COF-250,gram,reduced,,96385074,EUR,7.45,
`;

interface Preview {
  ready: boolean;
  problems: Array<{ line: number; column: string | null; message: string }>;
  totals: { products: number; variants: number };
  products: Array<{ line: number; name: string; action: string; variants: number; skus: string[] }>;
}

// The back office checks a file before importing it: POST /catalog/import/preview writes nothing.
describe('catalog import preview and summary on postgres', () => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await inventoryKit('postgres');
  });
  afterAll(async () => kit?.close());

  const count = async () =>
    (
      await kit.kernel.db.query<{ n: number }>(
        'select (select count(*) from inventory.products) + (select count(*) from inventory.variants) as n',
      )
    )[0]!.n;
  const preview = (body: unknown) => kit.request<Preview>('POST', '/api/v1/core-inventory/catalog/import/preview', { body });

  it('a good file: what it would create, and nothing is written until it is imported', async () => {
    const before = await count();
    const answer = await preview({ csv: GOOD });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      ready: true,
      problems: [],
      totals: { products: 2, variants: 3 },
      products: [
        { line: 2, name: 'Cotton Tee', action: 'create', variants: 2, skus: ['TEE-S', 'TEE-M'] },
        { line: 4, name: 'Ground Coffee', action: 'create', variants: 1, skus: ['COF-250'] },
      ],
    });
    expect(await count()).toBe(before);
    expect((await kit.request('POST', '/api/v1/core-inventory/catalog/import', { body: { csv: GOOD } })).status).toBe(201);
  });

  it('a file with bad lines: every problem by line and column (the catalog’s SKUs too), nothing written', async () => {
    const before = await count();
    const answer = await preview({
      csv: `${HEADER}
New Mug,MUG-1,piece,standard,,,EUR,9.00,
Bad Barcode,BAD-1,piece,standard,,4006381333932,EUR,1.00,
Bad Price,BAD-2,piece,standard,,,EUR,abc,
Again,TEE-S,piece,standard,,,EUR,1.00,
`,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.ready).toBe(false);
    expect(answer.body.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'barcodes'],
      [4, 'price'],
      [5, 'sku'],
    ]);
    expect(answer.body.problems[0]!.message).toContain('should be 1');
    expect(await count()).toBe(before);
  });

  it.each([
    ['no csv', {}],
    ['an empty csv', { csv: '' }],
    ['another field', { csv: GOOD, dryRun: true }],
  ])('%s → 400 request.invalid problem+json, nothing written', async (_case, body) => {
    const before = await count();
    const answer = await preview(body);
    expect(answer.status).toBe(400);
    expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(answer.body).toMatchObject({ code: 'request.invalid' });
    expect(await count()).toBe(before);
  });

  it('the summary counts products and variants on sale, lists tax classes and currencies', async () => {
    const summary = await kit.request('GET', '/api/v1/core-inventory/catalog/summary');
    expect(summary.status).toBe(200);
    expect(summary.body).toEqual({
      products: 2,
      archivedProducts: 0,
      variants: 3,
      taxClasses: ['reduced', 'standard'],
      currencies: { shop: 'EUR', others: [] },
    });
    const bad = await kit.request('GET', '/api/v1/core-inventory/catalog/summary?all=yes');
    expect(bad.status).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('documents the preview, the summary and the whole-product save in the OpenAPI document', async () => {
    const document = (await kit.kernel.app.inject({ method: 'GET', url: '/docs/json' })).json<{
      paths: Record<string, Record<string, { summary?: string; requestBody?: unknown }>>;
    }>();
    expect(document.paths['/api/v1/core-inventory/catalog/import/preview']?.post?.summary).toContain('without importing');
    expect(document.paths['/api/v1/core-inventory/catalog/summary']?.get?.summary).toContain('at a glance');
    expect(document.paths['/api/v1/core-inventory/products/{productId}']?.put?.requestBody).toBeDefined();
  });
});
