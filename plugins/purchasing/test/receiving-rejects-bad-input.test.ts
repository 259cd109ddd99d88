import type { TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DATABASE_KINDS,
  footprint,
  makeOrder,
  makeSupplier,
  makeVariant,
  purchasingKit,
  receiptId,
  setSupplierItem,
  type MadeVariant,
  type Order,
} from './support.ts';

type Problem = { type: string; title: string; status: number; code: string; detail: string };

/** Every refusal is 4xx problem+json with a stable code and a detail saying what to fix — and writes nothing at all. */
describe.each(DATABASE_KINDS)('bad input to receiving and returns on %s', (db) => {
  let kit: TestKernel;
  let milk: MadeVariant;
  let stranger: MadeVariant;
  let open: Order;
  let cancelled: Order;
  beforeAll(async () => {
    kit = await purchasingKit(db);
    milk = await makeVariant(kit, 'Oat Milk 1L');
    stranger = await makeVariant(kit, 'Not Ordered Crisps');
    const supplier = await makeSupplier(kit);
    await setSupplierItem(kit, supplier.id, milk.id, { packSize: 6, cost: 100 });
    open = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 2 }]);
    await kit.request('POST', `/api/v1/purchasing/purchase-orders/${open.id}/receipts`, {
      body: { id: receiptId(), lines: [{ variantId: milk.id, quantity: 6 }] },
    });
    cancelled = await makeOrder(kit, supplier.id, [{ variantId: milk.id, packs: 1 }]);
    await kit.request('POST', `/api/v1/purchasing/purchase-orders/${cancelled.id}/cancel`);
  });
  afterAll(async () => kit?.close());

  /** Sends the request and checks it was refused as expected with nothing written. */
  async function refused(
    url: string,
    body: unknown,
    expected: { status: number; code: string; detail: RegExp },
    token?: string,
  ): Promise<void> {
    const before = await footprint(kit);
    const response = await kit.request<Problem>('POST', url, { body, ...(token ? { token } : {}) });
    expect(response.status).toBe(expected.status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.body.code).toBe(expected.code);
    expect(response.body.detail).toMatch(expected.detail);
    expect(await footprint(kit)).toEqual(before);
  }
  const receipts = (order: Order) => `/api/v1/purchasing/purchase-orders/${order.id}/receipts`;
  const returns = (order: Order) => `/api/v1/purchasing/purchase-orders/${order.id}/returns`;

  it('receiving against a cancelled order', async () => {
    await refused(
      receipts(cancelled),
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: 6 }] },
      {
        status: 409,
        code: 'purchasing.not_receivable',
        detail: /is cancelled\. Goods can be received only against a sent purchase order/,
      },
    );
  });

  it('receiving a negative quantity', async () => {
    await refused(
      receipts(open),
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: -2 }] },
      {
        status: 400,
        code: 'request.invalid',
        detail: /body\.lines\.0\.quantity must be >= 0/,
      },
    );
  });

  it('receiving a fractional quantity, or a damaged count that is one', async () => {
    await refused(
      receipts(open),
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: 1.5 }] },
      {
        status: 400,
        code: 'request.invalid',
        detail: /body\.lines\.0\.quantity must be integer/,
      },
    );
    await refused(
      receipts(open),
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: 1, damaged: 0.5 }] },
      {
        status: 400,
        code: 'request.invalid',
        detail: /body\.lines\.0\.damaged must be integer/,
      },
    );
  });

  it('receiving a line of nothing, or the same variant twice', async () => {
    await refused(
      receipts(open),
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: 0 }] },
      {
        status: 400,
        code: 'purchasing.empty_line',
        detail: /give a quantity or damaged count above 0/,
      },
    );
    await refused(
      receipts(open),
      {
        id: receiptId(),
        lines: [
          { variantId: milk.id, quantity: 1 },
          { variantId: milk.id, quantity: 2 },
        ],
      },
      { status: 400, code: 'purchasing.duplicate_line', detail: /give it once with the total/ },
    );
  });

  it('receiving a variant not on the order without the permission (a till cashier), even alongside good lines', async () => {
    const till = await kit.signInTill({ permissions: ['purchasing:receive'] });
    await refused(
      receipts(open),
      {
        id: receiptId(),
        lines: [
          { variantId: milk.id, quantity: 1 },
          { variantId: stranger.id, quantity: 2 },
        ],
      },
      { status: 403, code: 'purchasing.variant_not_on_order', detail: /not on PO-\d+.*purchasing:receive\.unlisted/ },
      till.token,
    );
  });

  it('receiving without the permission to receive at all', async () => {
    const till = await kit.signInTill({ permissions: ['core-inventory:stock.receive'] });
    await refused(
      receipts(open),
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: 1 }] },
      {
        status: 403,
        code: 'auth.forbidden',
        detail: /purchasing:receive/,
      },
      till.token,
    );
  });

  it('receiving against an order that does not exist', async () => {
    await refused(
      '/api/v1/purchasing/purchase-orders/0190a000-0000-7000-8000-000000000000/receipts',
      { id: receiptId(), lines: [{ variantId: milk.id, quantity: 1 }] },
      { status: 404, code: 'purchasing.unknown_purchase_order', detail: /There is no purchase order/ },
    );
  });

  it('returning more than was received, a variant not on the order, or a negative quantity', async () => {
    await refused(
      returns(open),
      { id: receiptId(), reason: 'broken', lines: [{ variantId: milk.id, quantity: 7 }] },
      {
        status: 409,
        code: 'purchasing.return_exceeds_received',
        detail: /return between 1 and 6/,
      },
    );
    await refused(
      returns(open),
      { id: receiptId(), reason: 'broken', lines: [{ variantId: stranger.id, quantity: 1 }] },
      {
        status: 400,
        code: 'purchasing.variant_not_on_order',
        detail: /return it against the order it came on/,
      },
    );
    await refused(
      returns(open),
      { id: receiptId(), reason: 'broken', lines: [{ variantId: milk.id, quantity: -1 }] },
      {
        status: 400,
        code: 'request.invalid',
        detail: /body\.lines\.0\.quantity must be >= 1/,
      },
    );
  });

  it('returning from a cancelled order', async () => {
    await refused(
      returns(cancelled),
      { id: receiptId(), reason: 'broken', lines: [{ variantId: milk.id, quantity: 1 }] },
      {
        status: 409,
        code: 'purchasing.invalid_transition',
        detail: /Goods can be returned only from a purchase order that received them/,
      },
    );
  });

  it('drafting an order with a supplier currency mismatch, an unknown variant or location', async () => {
    const supplier = await makeSupplier(kit, { currency: 'CHF' });
    const url = '/api/v1/purchasing/purchase-orders';
    await refused(
      url,
      {
        supplierId: supplier.id,
        locationId: kit.tenant.locationId,
        currency: 'EUR',
        lines: [{ variantId: milk.id, packs: 1, packSize: 6, unitCost: { amount: 90, currency: 'CHF' } }],
      },
      {
        status: 422,
        code: 'purchasing.currency_mismatch',
        detail: /give it in CHF/,
      },
    );
    await refused(
      url,
      {
        supplierId: supplier.id,
        locationId: kit.tenant.locationId,
        lines: [{ variantId: '0190a000-0000-7000-8000-000000000001', packs: 1, packSize: 1, unitCost: { amount: 1, currency: 'CHF' } }],
      },
      { status: 404, code: 'purchasing.unknown_variant', detail: /Unknown variant/ },
    );
    await refused(
      url,
      {
        supplierId: supplier.id,
        locationId: '0190a000-0000-7000-8000-000000000002',
        lines: [{ variantId: milk.id, packs: 1, packSize: 1, unitCost: { amount: 1, currency: 'CHF' } }],
      },
      { status: 400, code: 'purchasing.unknown_location', detail: /use the id of one of your stores or warehouses/ },
    );
  });
});
