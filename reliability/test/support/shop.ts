import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { type TestResponse } from '@kits/plugin-sdk/test-kit';
import { SHOP_PLUGINS } from '../../../testing/first-party-plugins.ts';
import { shelveVariant } from '../../../testing/shop-shelf.ts';

export const CASHIER = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];

/** A kernel with the first-party plugins enabled for its test tenant (with the plugins' settings given). */
export const firstPartyKernel = (
  db: 'pglite' | 'postgres',
  env: Record<string, string> = {},
  settings: Record<string, Record<string, unknown>> = {},
) => createTestKernel({ plugins: SHOP_PLUGINS, db, env, settings });

export function expectCreated<Body>(response: TestResponse<Body>, what: string): Body {
  if (response.status >= 300) throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

/** A product with one variant priced `price` (EUR) and `stock` units at the location, made as `token`. */
export const stockedVariant = async (kit: TestKernel, token: string, price: number, stock: number, locationId: string) =>
  shelveVariant(kit, { price, stock, locationId, token });

/**
 * Every kind of object the first-party API knows, made through the API for one tenant: what a
 * request may name by id. Keys are the field and path parameter names of the OpenAPI document.
 */
export type ObjectIds = Record<string, string[]>;

export interface Shop {
  readonly ids: ObjectIds;
  readonly till: TestTill & { shiftId: string };
}

/**
 * Stocks a shop for `tenant` (the kit's test tenant by default): a category, products with stock,
 * a second location, a till with an open shift, a sale, a parked sale, a customer, a promotion, a
 * transfer, a count, a reservation, a role, an API key and a pairing code.
 */
export async function openShop(kit: TestKernel, tenant = kit.tenant): Promise<Shop> {
  const token = tenant.admin.token;
  const post = async <Body = { id: string }>(url: string, body: unknown, what: string, as = token) =>
    expectCreated(await kit.request<Body>('POST', url, { token: as, body }), what);

  const warehouse = await post('/api/v1/tenants/current/locations', { name: 'Back Warehouse', kind: 'warehouse' }, 'location');
  const category = await post('/api/v1/core-inventory/categories', { name: 'Mugs' }, 'category');
  const first = await stockedVariant(kit, token, 450, 1000, tenant.locationId);
  const second = await stockedVariant(kit, token, 1299, 50, tenant.locationId);

  const device = await post('/api/v1/tenants/current/devices', { name: 'Till A', locationId: tenant.locationId }, 'device');
  // The device routes' ids name another till: revoking it (a hostile request may) leaves Till A's cashier signed in for the sync routes.
  const spare = await post('/api/v1/tenants/current/devices', { name: 'Till B', locationId: tenant.locationId }, 'spare device');
  const email = `till-cashier-${Date.now()}@${tenant.slug}.test`;
  const cashier = await post('/api/v1/tenants/current/users', { email, displayName: 'Till Cashier', pin: '2468' }, 'cashier');
  const role = await post('/api/v1/tenants/current/roles', { name: `Cashier ${Date.now()}`, permissions: CASHIER }, 'role');
  expectCreated(
    await kit.request('POST', `/api/v1/tenants/current/users/${cashier.id}/grants`, {
      token,
      body: { roleId: role.id, locationId: tenant.locationId },
    }),
    'grant',
  );
  const session = await post<{ accessToken: string }>(
    '/api/v1/auth/pin-login',
    { tenant: tenant.slug, deviceId: device.id, email, pin: '2468' },
    'PIN sign-in',
    '',
  );
  const shift = await post<{ shiftId: string }>('/api/v1/core-sales/shifts', { openingFloat: 10_000 }, 'shift', session.accessToken);
  const till = {
    deviceId: device.id,
    locationId: tenant.locationId,
    cashierId: cashier.id,
    email,
    pin: '2468',
    token: session.accessToken,
    shiftId: shift.shiftId,
  };

  const sale = await post(
    '/api/v1/core-sales/sales',
    { lines: [{ variantId: first.variantId, quantity: 2 }], tenders: [{ method: 'cash', amount: 900 }] },
    'sale',
    till.token,
  );
  const parked = await post(
    '/api/v1/core-sales/parked',
    { lines: [{ variantId: second.variantId, quantity: 1 }] },
    'parked sale',
    till.token,
  );
  const customer = await post('/api/v1/core-sales/customers', { name: 'Ada Lovelace', email: 'ada@example.test' }, 'customer');
  const promotion = await post(
    '/api/v1/core-sales/promotions',
    { name: 'Two for one', kind: 'buy_x_get_y', variantIds: [second.variantId], buy: 1, get: 1 },
    'promotion',
  );
  const transfer = await post(
    '/api/v1/core-inventory/transfers',
    { fromLocationId: tenant.locationId, toLocationId: warehouse.id, lines: [{ variantId: first.variantId, quantity: 5 }] },
    'transfer',
  );
  const count = await post('/api/v1/core-inventory/counts', { locationId: warehouse.id }, 'count');
  const reservation = await post(
    '/api/v1/core-inventory/reservations',
    {
      lines: [{ variantId: first.variantId, locationId: tenant.locationId, quantity: 1 }],
      expiresInSeconds: 86_400,
      reference: { kind: 'order', id: 'web-1' },
    },
    'reservation',
  );
  const apiKey = await post('/api/v1/auth/api-keys', { name: 'Accounting export', permissions: ['core-sales:checkout'] }, 'API key');
  const users = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/tenants/current/users', { token });
  // The admin signed in a second time (a session to name), with a passkey on file (made here in the
  // database: a browser makes real ones, office/test/ui/passkeys-add-sign-in-and-remove.test.ts).
  expectCreated(
    await kit.request('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: tenant.slug, email: tenant.admin.email, password: tenant.admin.password },
    }),
    'second session',
  );
  const sessions = await kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/auth/sessions', { token });
  const [admin] = await kit.kernel.db.query<{ user_id: string }>(
    'select user_id from kernel.users where tenant_id = $1 and lower(email) = lower($2)',
    [tenant.id, tenant.admin.email],
  );
  const [passkey] = await kit.kernel.db.query<{ passkey_id: string }>(
    `insert into kernel.passkeys (tenant_id, passkey_id, user_id, credential_id, public_key, name)
     values ($1, gen_random_uuid(), $2, md5(random()::text), '\\x00', 'Work laptop') returning passkey_id`,
    [tenant.id, admin!.user_id],
  );

  // A rollout is the platform's, not a shop's: one per shop here so routes naming a rollout are tried
  // with the other shop's (its admin is no operator: 403).
  const [rollout] = await kit.kernel.db.query<{ rollout_id: string }>(
    `insert into kernel.plugin_rollouts (rollout_id, plugin_id, version, stage, soak_seconds, min_runs, started_by, outcome, finished_at)
     values (gen_random_uuid(), 'core-sales', '1.0.0', 'completed', 60, 1, 'operator:fixture', 'a fixture', now()) returning rollout_id`,
  );

  const locations = [tenant.locationId, warehouse.id];
  const variants = [first.variantId, second.variantId];
  return {
    till,
    ids: {
      tenantId: [tenant.id],
      rolloutId: [rollout!.rollout_id],
      locationId: locations,
      fromLocationId: locations,
      toLocationId: locations,
      categoryId: [category.id],
      parentId: [category.id],
      productId: [first.productId, second.productId],
      variantId: variants,
      variantIds: variants,
      deviceId: [spare.id],
      userId: users.body.items.map((user) => user.id),
      roleId: [role.id],
      apiKeyId: [apiKey.id],
      saleId: [sale.id, parked.id],
      resumedFrom: [parked.id],
      shiftId: [shift.shiftId],
      customerId: [customer.id],
      promotionId: [promotion.id],
      transferId: [transfer.id],
      countId: [count.id],
      reservationId: [reservation.id],
      sessionId: sessions.body.items.map((session) => session.id),
      passkeyId: [passkey!.passkey_id],
    },
  };
}
