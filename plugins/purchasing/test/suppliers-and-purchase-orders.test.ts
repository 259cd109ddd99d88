import type { TestKernel } from '@kits/kernel/test-kit';
import { extractImages, extractText, getDocumentProxy } from 'unpdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS, footprint, makeOrder, makeSupplier, makeVariant, purchasingKit, setSupplierItem, type Order } from './support.ts';

type Problem = { code: string; detail: string; status: number };

describe.each(DATABASE_KINDS)('suppliers and purchase orders on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await purchasingKit(db);
  });
  afterAll(async () => kit?.close());

  it('a supplier keeps its contacts, currency, terms, lead time and per-variant SKU, pack size and cost', async () => {
    const milk = await makeVariant(kit, 'Oat Milk 1L');
    const created = await kit.request<{ id: string; revision: number }>('POST', '/api/v1/purchasing/suppliers', {
      body: {
        name: 'Nordic Oats AB',
        currency: 'SEK',
        paymentTermsDays: 45,
        leadTimeDays: 10,
        email: 'orders@nordic-oats.example',
        address: 'Kvarngatan 4, Malmö',
        contacts: [
          { name: 'Astrid Lund', role: 'Sales', email: 'astrid@nordic-oats.example', phone: '+46 40 123 45' },
          { name: 'Erik Berg', role: 'Accounts' },
        ],
      },
    });
    expect(created.status).toBe(201);
    const item = await kit.request('PUT', `/api/v1/purchasing/suppliers/${created.body.id}/items/${milk.id}`, {
      body: { supplierSku: 'NO-OAT-1L', packSize: 12, unitCost: { amount: 1450, currency: 'SEK' }, preferred: true },
    });
    expect(item.status).toBe(200);
    const read = await kit.request('GET', `/api/v1/purchasing/suppliers/${created.body.id}`);
    expect(read.body).toMatchObject({
      name: 'Nordic Oats AB',
      currency: 'SEK',
      paymentTermsDays: 45,
      leadTimeDays: 10,
      contacts: [
        { name: 'Astrid Lund', role: 'Sales', email: 'astrid@nordic-oats.example', phone: '+46 40 123 45' },
        { name: 'Erik Berg', role: 'Accounts', email: null, phone: null },
      ],
      items: [{ variantId: milk.id, supplierSku: 'NO-OAT-1L', packSize: 12, unitCost: { amount: 1450, currency: 'SEK' }, preferred: true }],
    });
    const updated = await kit.request<{ revision: number; contacts: unknown[] } & Problem>(
      'PUT',
      `/api/v1/purchasing/suppliers/${created.body.id}`,
      {
        body: {
          name: 'Nordic Oats AB',
          currency: 'SEK',
          leadTimeDays: 12,
          contacts: [{ name: 'Astrid Lund' }],
          revision: created.body.revision,
        },
      },
    );
    expect(updated.status).toBe(200);
    expect(updated.body.contacts).toHaveLength(1);
    const stale = await kit.request<Problem>('PUT', `/api/v1/purchasing/suppliers/${created.body.id}`, {
      body: { name: 'Nordic Oats', currency: 'SEK', revision: created.body.revision },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('purchasing.stale_supplier');
    // Its currency cannot change under the costs priced in it; refused, nothing changes.
    const before = await footprint(kit);
    const recurrency = await kit.request<Problem>('PUT', `/api/v1/purchasing/suppliers/${created.body.id}`, {
      body: { name: 'Nordic Oats AB', currency: 'EUR' },
    });
    expect(recurrency.status).toBe(409);
    expect(recurrency.body.code).toBe('purchasing.currency_in_use');
    expect(recurrency.body.detail).toContain('before paying this supplier in EUR');
    expect(await footprint(kit)).toEqual(before);
    expect(
      (await kit.request<{ currency: string; revision: number }>('GET', `/api/v1/purchasing/suppliers/${created.body.id}`)).body,
    ).toMatchObject({
      currency: 'SEK',
      revision: created.body.revision + 1,
    });
  });

  it('a supplier cost in another currency than the supplier’s is 422 with what to fix, and writes nothing', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit, { currency: 'EUR' });
    const before = await footprint(kit);
    const refused = await kit.request<Problem>('PUT', `/api/v1/purchasing/suppliers/${supplier.id}/items/${milk.id}`, {
      body: { supplierSku: 'X-1', packSize: 6, unitCost: { amount: 300, currency: 'USD' } },
    });
    expect(refused.status).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.body.code).toBe('purchasing.currency_mismatch');
    expect(refused.body.detail).toContain('give it in EUR');
    expect(await footprint(kit)).toEqual(before);
  });

  it('an order counts in supplier packs, takes the supplier’s costs, and numbers itself', async () => {
    const milk = await makeVariant(kit, 'Oat Milk 1L');
    const bars = await makeVariant(kit, 'Granola Bar');
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 12, cost: 95, supplierSku: 'OAT-12' });
    await setSupplierItem(kit, supplier.id, bars.id, { packSize: 24, cost: 40 });
    const first = await makeOrder(
      kit,
      supplier.id,
      [
        { variantId: milk.id, packs: 3 },
        { variantId: bars.id, packs: 1 },
      ],
      { draft: true },
    );
    expect(first.status).toBe('draft');
    expect(first.number).toMatch(/^PO-\d{6}$/);
    expect(first.lines).toMatchObject([
      { lineNo: 1, variantId: milk.id, packs: 3, packSize: 12, orderedQuantity: 36, unitCost: 95, name: 'Oat Milk 1L' },
      { lineNo: 2, variantId: bars.id, packs: 1, packSize: 24, orderedQuantity: 24, unitCost: 40 },
    ]);
    expect(first.total).toBe(36 * 95 + 24 * 40);
    const second = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 1 }], { draft: true });
    expect(Number(second.number.slice(3))).toBe(Number(first.number.slice(3)) + 1);
    const byNumber = await kit.request<Order>('GET', `/api/v1/purchasing/purchase-orders/by-number/${first.number.toLowerCase()}`);
    expect(byNumber.body.id).toBe(first.id);
  });

  it('an order in another currency than the supplier’s, or a line cost in one, is 422 and writes nothing', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit, { currency: 'GBP' });
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 80, currency: 'GBP' });
    const before = await footprint(kit);
    const order = await kit.request<Problem>('POST', '/api/v1/purchasing/purchase-orders', {
      body: { supplierId: supplier.id, locationId: kit.tenant.locationId, currency: 'EUR', lines: [{ variantId: milk.id, packs: 1 }] },
    });
    expect(order.status).toBe(422);
    expect(order.body.code).toBe('purchasing.currency_mismatch');
    const line = await kit.request<Problem>('POST', '/api/v1/purchasing/purchase-orders', {
      body: {
        supplierId: supplier.id,
        locationId: kit.tenant.locationId,
        lines: [{ variantId: milk.id, packs: 1, unitCost: { amount: 90, currency: 'EUR' } }],
      },
    });
    expect(line.status).toBe(422);
    expect(line.body.code).toBe('purchasing.currency_mismatch');
    expect(line.body.detail).toContain('GBP');
    const noCost = await kit.request<Problem>('POST', '/api/v1/purchasing/purchase-orders', {
      body: { supplierId: supplier.id, locationId: kit.tenant.locationId, lines: [{ variantId: (await makeVariant(kit)).id, packs: 1 }] },
    });
    expect(noCost.status).toBe(422);
    expect(noCost.body.code).toBe('purchasing.no_supplier_cost');
    const packs = await kit.request<Problem>('POST', '/api/v1/purchasing/purchase-orders', {
      body: { supplierId: supplier.id, locationId: kit.tenant.locationId, lines: [{ variantId: milk.id, packs: 1.5 }] },
    });
    expect(packs.status).toBe(400);
    expect(packs.body.code).toBe('request.invalid');
    expect(packs.body.detail).toContain('body.lines.0.packs');
    expect(await footprint(kit)).toEqual(before);
  });

  it('draft → sent → cancelled; transitions the state machine forbids are 409 problem+json and change nothing', async () => {
    const milk = await makeVariant(kit);
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    const draft = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 2 }], { draft: true });
    const post = (action: string) => kit.request<Order & Problem>('POST', `/api/v1/purchasing/purchase-orders/${draft.id}/${action}`);

    const closeDraft = await post('close');
    expect(closeDraft.status).toBe(409);
    expect(closeDraft.headers['content-type']).toContain('application/problem+json');
    expect(closeDraft.body.code).toBe('purchasing.invalid_transition');
    expect((await post('send')).body.status).toBe('sent');
    const sendAgain = await post('send');
    expect(sendAgain.status).toBe(409);
    expect(sendAgain.body.detail).toContain('Only a draft purchase order can be sent');
    const edit = await kit.request<Problem>('PUT', `/api/v1/purchasing/purchase-orders/${draft.id}`, {
      body: { lines: [{ variantId: milk.id, packs: 9 }] },
    });
    expect(edit.status).toBe(409);
    expect((await post('cancel')).body.status).toBe('cancelled');
    const before = await footprint(kit);
    for (const action of ['send', 'close', 'cancel']) {
      const refused = await post(action);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('purchasing.invalid_transition');
    }
    expect(await footprint(kit)).toEqual(before);
    const read = await kit.request<Order & { sentAt: string; cancelledAt: string }>(
      'GET',
      `/api/v1/purchasing/purchase-orders/${draft.id}`,
    );
    expect(read.body).toMatchObject({ status: 'cancelled', lines: [{ packs: 2 }] });
    expect(read.body.sentAt).not.toBeNull();
    expect(read.body.cancelledAt).not.toBeNull();
    const events = await kit.kernel.db.query<{ type: string }>(
      "select type from kernel.outbox where payload->>'purchaseOrderId' = $1 order by position",
      [draft.id],
    );
    expect(events.map((e) => e.type)).toEqual(['purchasing.po.sent', 'purchasing.po.cancelled']);
  });

  it('the PDF is a PDF with the order number, the supplier and every line, and a barcode image', async () => {
    const milk = await makeVariant(kit, 'Barista Oat Milk 1L');
    const bars = await makeVariant(kit, 'Honey Granola Bar');
    const supplier = await makeSupplier(kit, {
      name: 'Green Valley Foods',
      contacts: [{ name: 'Mia Hart', email: 'mia@greenvalley.example' }],
    });
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 12, cost: 95, supplierSku: 'GV-OAT-12' });
    await setSupplierItem(kit, supplier.id, bars.id, { packSize: 24, cost: 41, supplierSku: 'GV-BAR-24' });
    const order = await makeOrder(kit, supplier.id, [
      { variantId: milk.id, packs: 3 },
      { variantId: bars.id, packs: 2 },
    ]);
    const pdf = await kit.request<string>('GET', `/api/v1/purchasing/purchase-orders/${order.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(pdf.body, 'latin1');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = await kit.kernel.app.inject({
      method: 'GET',
      url: `/api/v1/purchasing/purchase-orders/${order.id}/pdf`,
      headers: { authorization: `Bearer ${kit.tenant.admin.token}` },
    });
    const document = await getDocumentProxy(new Uint8Array(raw.rawPayload));
    const { text } = await extractText(document, { mergePages: true });
    expect(text).toContain(order.number);
    expect(text).toContain('Green Valley Foods');
    expect(text).toContain('Mia Hart');
    for (const expected of [
      'GV-OAT-12',
      'Barista Oat Milk 1L',
      '3 × 12',
      '36',
      '€0.95',
      '€34.20',
      'GV-BAR-24',
      'Honey Granola Bar',
      '2 × 24',
      '48',
      '€19.68',
      '€53.88',
    ])
      expect(text).toContain(expected);
    // The Code 128 barcode of the number is the one image on the page: a wide strip of bars.
    const images = await extractImages(document, 1);
    expect(images).toHaveLength(1);
    expect(images[0]!.width).toBeGreaterThan(images[0]!.height * 2);
  });

  it('another tenant sees none of it, and every purchasing table is under row-level security', async () => {
    const supplier = await makeSupplier(kit);
    const other = await kit.createTenant();
    const asOther = (url: string) => kit.request<Problem & { items: unknown[] }>('GET', url, { token: other.admin.token });
    expect((await asOther(`/api/v1/purchasing/suppliers/${supplier.id}`)).status).toBe(404);
    expect((await asOther('/api/v1/purchasing/suppliers')).body.items).toEqual([]);
    expect((await asOther('/api/v1/purchasing/purchase-orders')).body.items).toEqual([]);
    expect(await kit.tablesWithoutTenantIsolation()).toEqual([]);
  });
});
