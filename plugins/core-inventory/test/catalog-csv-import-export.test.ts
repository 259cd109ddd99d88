import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryKit } from './support.ts';

const GOOD = `product,sku,unit,tax_class,options,barcodes,currency,price,cost
Cotton Tee,TEE-S-WHT,piece,standard,size=S;colour=white,4006381333931|SHELF-TEE-S,EUR,19.99,6.50
Cotton Tee,TEE-M-WHT,piece,standard,size=M;colour=white,036000291452,EUR,19.99,6.50
Ground Coffee,COF-250,gram,reduced,,96385074,EUR,7.45,
"Tea, Earl Grey",TEA-EG,piece,reduced,,,EUR,4.00,1.20
`;

type Problems = { code: string; detail: string; problems: Array<{ line: number; column: string | null; message: string }> };

describe.each(['pglite', 'postgres'] as const)('catalog CSV on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await inventoryKit(db);
  });
  afterAll(async () => kit?.close());

  const count = async () =>
    (
      await kit.kernel.db.query<{ n: number }>(
        'select (select count(*) from inventory.products) + (select count(*) from inventory.variants) as n',
      )
    )[0]!.n;

  it('imports a file from another POS, and exports it back the same; another tenant imports the export', async () => {
    const imported = await kit.request<{ products: number; variants: number }>('POST', '/api/v1/core-inventory/catalog/import', {
      body: { csv: GOOD },
    });
    expect(imported.status).toBe(201);
    expect(imported.body).toEqual({ products: 3, variants: 4 });
    const found = await kit.request<{ product: { name: string; unit: string; taxClass: string } }>(
      'GET',
      '/api/v1/core-inventory/lookup?code=96385074',
    );
    expect(found.body.product).toMatchObject({ name: 'Ground Coffee', unit: 'gram', taxClass: 'reduced' });

    const exported = await kit.request<string>('GET', '/api/v1/core-inventory/catalog/export');
    expect(exported.headers['content-type']).toMatch(/^text\/csv/);
    const sortRows = (csv: string) => csv.trim().split('\n').slice(1).sort();
    expect(sortRows(exported.body)).toEqual(sortRows(GOOD));

    const other = await kit.createTenant();
    const again = await kit.request('POST', '/api/v1/core-inventory/catalog/import', {
      token: other.admin.token,
      body: { csv: exported.body },
    });
    expect(again.status).toBe(201);
    const theirs = await kit.request<string>('GET', '/api/v1/core-inventory/catalog/export', { token: other.admin.token });
    expect(sortRows(theirs.body)).toEqual(sortRows(exported.body));
  });

  it('a file with bad rows is refused whole, each problem named by line and column', async () => {
    const before = await count();
    const bad = `product,sku,unit,tax_class,options,barcodes,currency,price,cost
Good Row,GOOD-1,piece,standard,,,EUR,1.00,
Bad Unit,BAD-1,crate,standard,,,EUR,1.00,
Bad Barcode,BAD-2,piece,standard,,4006381333932,EUR,1.00,
Bad Price,BAD-3,piece,standard,,,EUR,1.999,
Existing,TEE-S-WHT,piece,standard,,,EUR,1.00,
Twice,GOOD-1,piece,standard,,,EUR,1.00,
`;
    const refused = await kit.request<Problems>('POST', '/api/v1/core-inventory/catalog/import', { body: { csv: bad } });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('inventory.import_invalid');
    expect(refused.body.problems.map((p) => [p.line, p.column])).toEqual([
      [3, 'unit'],
      [4, 'barcodes'],
      [5, 'price'],
      [6, 'sku'],
      [7, 'sku'],
    ]);
    expect(refused.body.detail).toContain('line 3, column unit');
    expect(await count()).toBe(before);
  });

  it.each([
    ['unknown columns', 'product,sku,unit,colour\nA,B,piece,red\n', 'unknown columns: colour'],
    ['missing columns', 'product,unit\nA,piece\n', 'missing columns: sku'],
    ['no rows', 'product,sku,unit\n', 'no rows'],
    ['broken quoting', 'product,sku,unit\n"A,B,piece\n', 'not valid CSV'],
  ])('%s → 400 naming it, nothing written', async (_case, csv, message) => {
    const before = await count();
    const refused = await kit.request<Problems>('POST', '/api/v1/core-inventory/catalog/import', { body: { csv } });
    expect(refused.status).toBe(400);
    expect(refused.body.problems[0]!.message).toContain(message);
    expect(await count()).toBe(before);
  });
});
