import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API, DATABASE_KINDS, footprint, labelKit, labelVariant, templates, type LabelVariant, type Template } from './support.ts';

type Problem = { status: number; code: string; detail: string };
type Labels = {
  labels: Array<{ variantId: string; quantity: number; code: string; price: { amount: number; currency: string } | null; zpl: string }>;
  refused: Array<{ variantId: string; code: string; reason: string }>;
};

const TEMPLATE = {
  name: 'Window tag',
  kind: 'jewellery',
  stock: 'tag-1.2x0.85',
  dpi: 300,
  symbology: 'qr',
  showPrice: true,
  showSku: false,
};

describe.each(DATABASE_KINDS)('templates, printers and labels over HTTP on %s', (db) => {
  let kit: TestKernel;
  let cashierToken: string;
  let milk: LabelVariant;
  let badCode: LabelVariant;
  let shelf: Template;

  /** Sends a request that must be refused with `status` and `code`, and checks nothing was written. */
  async function refused(method: string, url: string, body: unknown, status: number, code: string, token?: string): Promise<Problem> {
    const before = await footprint(kit);
    const answer = await kit.request<Problem>(method, url, { body, ...(token ? { token } : {}) });
    expect(answer.status).toBe(status);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body.code).toBe(code);
    expect(answer.body.detail).toBeTruthy();
    expect(await footprint(kit)).toEqual(before);
    return answer.body;
  }

  beforeAll(async () => {
    kit = await labelKit(db);
    cashierToken = (await kit.signInTill({ permissions: [] })).token;
    milk = await labelVariant(kit, 'Oat Milk 1L', 249);
    badCode = await labelVariant(kit, 'Quince Jam', 399, 'JAM-0042');
    shelf = (await templates(kit)).find((t) => t.kind === 'shelf')!;
  });
  afterAll(async () => kit?.close());

  it('starts a tenant with the three starter templates, and isolates every table by tenant', async () => {
    expect((await templates(kit)).map((t) => [t.name, t.kind, t.stock, t.dpi, t.symbology])).toEqual([
      ['Jewellery tag', 'jewellery', 'tag-1.2x0.85', 300, 'qr'],
      ['Product label', 'product', 'product-2x1', 203, 'code128'],
      ['Shelf label', 'shelf', 'shelf-2.25x1.25', 203, 'ean13'],
    ]);
    expect(await kit.tablesWithoutTenantIsolation()).toEqual([]);
    const other = await kit.createTenant();
    const theirs = await kit.request<{ items: Template[] }>('GET', `${API}/templates`, { token: other.admin.token });
    expect(theirs.body.items.map((t) => t.id).filter((id) => id === shelf.id)).toEqual([]);
  });

  it('adds, changes and removes a template', async () => {
    const created = await kit.request<Template>('POST', `${API}/templates`, { body: TEMPLATE });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject(TEMPLATE);
    const changed = await kit.request<Template>('PUT', `${API}/templates/${created.body.id}`, {
      body: { ...TEMPLATE, dpi: 600, showSku: true },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ dpi: 600, showSku: true });
    expect((await kit.request<Template>('GET', `${API}/templates/${created.body.id}`)).body.dpi).toBe(600);
    expect((await kit.request('DELETE', `${API}/templates/${created.body.id}`)).status).toBe(204);
    expect((await templates(kit)).map((t) => t.id)).not.toContain(created.body.id);
  });

  it('refuses bad templates with a problem and writes nothing', async () => {
    await refused('POST', `${API}/templates`, { ...TEMPLATE, name: '   ' }, 400, 'request.invalid');
    await refused('POST', `${API}/templates`, { ...TEMPLATE, dpi: 150 }, 400, 'request.invalid');
    await refused('POST', `${API}/templates`, { ...TEMPLATE, symbology: 'ean8' }, 400, 'request.invalid');
    await refused('POST', `${API}/templates`, { ...TEMPLATE, colour: 'red' }, 400, 'request.invalid');
    await refused('POST', `${API}/templates`, { ...TEMPLATE, name: 'shelf LABEL' }, 409, 'zebra.duplicate_template_name');
    await refused('PUT', `${API}/templates/${shelf.id}`, { ...TEMPLATE, name: 'Product label' }, 409, 'zebra.duplicate_template_name');
    await refused('PUT', `${API}/templates/0193a000-0000-7000-8000-000000000000`, TEMPLATE, 404, 'zebra.unknown_template');
    await refused('PUT', `${API}/templates/not-a-uuid`, TEMPLATE, 400, 'request.invalid');
    await refused('DELETE', `${API}/templates/0193a000-0000-7000-8000-000000000000`, undefined, 404, 'zebra.unknown_template');
    await refused('POST', `${API}/templates`, TEMPLATE, 403, 'auth.forbidden', cashierToken);
    await refused('DELETE', `${API}/templates/${shelf.id}`, undefined, 403, 'auth.forbidden', cashierToken);
  });

  it("records a label printer's resolution and loaded stock; the printer is a kernel device", async () => {
    const device = await kit.request<{ id: string; kind: string }>('POST', '/api/v1/tenants/current/devices', {
      body: {
        name: 'Back-1',
        locationId: kit.tenant.locationId,
        kind: 'label-printer',
        model: 'Zebra ZD421 (203 dpi)',
        address: '192.0.2.10:9100',
      },
    });
    expect(device.status).toBe(201);
    const set = await kit.request('PUT', `${API}/printers/${device.body.id}`, { body: { dpi: 203, stock: 'shelf-2.25x1.25' } });
    expect(set.status).toBe(200);
    expect((await kit.request<{ items: unknown[] }>('GET', `${API}/printers`)).body.items).toEqual([
      expect.objectContaining({ deviceId: device.body.id, dpi: 203, stock: 'shelf-2.25x1.25' }),
    ]);
    await refused('PUT', `${API}/printers/${device.body.id}`, { dpi: 200, stock: 'shelf-2.25x1.25' }, 400, 'request.invalid');
    await refused('PUT', `${API}/printers/${device.body.id}`, { dpi: 203, stock: 'a4' }, 400, 'request.invalid');
    await refused(
      'PUT',
      `${API}/printers/0193a000-0000-7000-8000-000000000000`,
      { dpi: 203, stock: 'product-2x1' },
      404,
      'zebra.unknown_printer',
    );
    await refused('PUT', `${API}/printers/${device.body.id}`, { dpi: 300, stock: 'product-2x1' }, 403, 'auth.forbidden', cashierToken);
  });

  it('makes the ZPL of a batch and refuses, one by one, the products the template cannot print', async () => {
    const answer = await kit.request<Labels>('POST', `${API}/labels`, {
      body: {
        templateId: shelf.id,
        items: [
          { variantId: milk.variantId, quantity: 3 },
          { variantId: badCode.variantId, quantity: 2 },
        ],
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.labels).toEqual([
      expect.objectContaining({ variantId: milk.variantId, quantity: 3, code: milk.barcode, price: { amount: 249, currency: 'EUR' } }),
    ]);
    const zpl = answer.body.labels[0]!.zpl;
    expect(zpl).toContain(`^FD${milk.barcode.slice(0, 12)}^FS`);
    expect(zpl).toContain('^FH^FD€2.49^FS');
    expect(zpl).toContain('^PQ3,0,1,Y');
    expect(answer.body.refused).toEqual([
      {
        variantId: badCode.variantId,
        code: 'zebra.code_not_printable',
        reason: 'Quince Jam cannot be printed on "Shelf label": its code JAM-0042 is not an EAN-13: only digits are allowed.',
      },
    ]);
    const unknown = await kit.request<Labels>('POST', `${API}/labels`, {
      body: { templateId: shelf.id, items: [{ variantId: '0193a000-0000-7000-8000-000000000000', quantity: 1 }] },
    });
    expect(unknown.body.refused).toEqual([expect.objectContaining({ code: 'zebra.unknown_variant' })]);
  });

  it('names variants for a print dialog through catalog@1, and refuses a bad id list', async () => {
    const unknown = '0193a000-0000-7000-8000-000000000000';
    const named = await kit.request<{ items: unknown[] }>('GET', `${API}/variants?ids=${milk.variantId},${badCode.variantId},${unknown}`);
    expect(named.status).toBe(200);
    expect(named.body.items).toEqual(
      expect.arrayContaining([
        { variantId: milk.variantId, name: 'Oat Milk 1L', sku: milk.sku },
        { variantId: badCode.variantId, name: 'Quince Jam', sku: badCode.sku },
      ]),
    );
    expect(named.body.items).toHaveLength(2);
    await refused('GET', `${API}/variants?ids=milk`, undefined, 400, 'request.invalid');
    await refused('GET', `${API}/variants?ids=`, undefined, 400, 'request.invalid');
    await refused('GET', `${API}/variants`, undefined, 400, 'request.invalid');
  });

  it('refuses bad label requests with a problem', async () => {
    const line = { variantId: milk.variantId, quantity: 1 };
    await refused('POST', `${API}/labels`, { templateId: shelf.id, items: [] }, 400, 'request.invalid');
    await refused('POST', `${API}/labels`, { templateId: shelf.id, items: [{ ...line, quantity: 0 }] }, 400, 'request.invalid');
    await refused('POST', `${API}/labels`, { templateId: shelf.id, items: [{ ...line, variantId: 'milk' }] }, 400, 'request.invalid');
    await refused(
      'POST',
      `${API}/labels`,
      { templateId: '0193a000-0000-7000-8000-000000000000', items: [line] },
      404,
      'zebra.unknown_template',
    );
    await refused(
      'POST',
      `${API}/labels`,
      { templateId: shelf.id, locationId: '0193a000-0000-7000-8000-000000000000', items: [line] },
      404,
      'zebra.unknown_location',
    );
    await refused('POST', `${API}/labels`, { templateId: shelf.id, items: [line] }, 403, 'auth.forbidden', cashierToken);
  });
});
