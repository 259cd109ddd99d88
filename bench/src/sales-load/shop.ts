import { randomBytes } from 'node:crypto';
import { httpClient } from '@kits/plugin-sdk/test-kit';
import { send } from './send.ts';

/** A tenant selling under load: its catalog, its store and the cashier role its tills sign in with. */
export interface LoadShop {
  readonly slug: string;
  /** An admin's access token (short-lived: for setting up, not for the whole run). */
  readonly adminToken: string;
  readonly locationId: string;
  readonly variants: readonly string[];
  readonly roleId: string;
}

/** A simulated till: online ones check out through the API, offline ones push batches of sales. */
export interface Terminal {
  readonly index: number;
  readonly mode: 'online' | 'offline';
  readonly deviceId: string;
  readonly cashierId: string;
  readonly token: string;
}

export interface ShopOptions {
  /** How many variants (default 100). */
  readonly variants?: number;
  /** Units received of variant `i`: default 5 for the first ten (scarce, raced for), 200 for the rest. */
  readonly stockOf?: (i: number) => number;
  /** Plugins to enable besides core-inventory and core-sales (the event log plugin, say). */
  readonly extraPlugins?: readonly string[];
}

function expectOk<Body>(answer: { status: number; body: Body }, what: string): Body {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/**
 * Makes a tenant through a kernel's API as its operator: core-inventory and core-sales enabled
 * with offline oversell denied (so every sale is guarded), a catalog whose scarce variants run
 * out during a run, stock received, and a cashier role.
 */
export async function openLoadShop(
  url: string,
  operator: { email: string; password: string },
  options: ShopOptions = {},
): Promise<LoadShop> {
  const http = httpClient(url);
  const slug = `load-${randomBytes(4).toString('hex')}`;
  const stockOf = options.stockOf ?? ((i: number) => (i < 10 ? 5 : 200));
  const operatorToken = expectOk(
    await http<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', { body: operator }),
    'operator login',
  ).accessToken;
  const admin = { email: `admin@${slug}.test`, password: 'load-admin-pass', displayName: 'Admin' };
  expectOk(await http('POST', '/api/v1/tenants', { token: operatorToken, body: { slug, name: 'Load', currency: 'EUR', admin } }), 'tenant');
  const token = expectOk(
    await http<{ accessToken: string }>('POST', '/api/v1/auth/login', {
      body: { tenant: slug, email: admin.email, password: admin.password },
    }),
    'admin login',
  ).accessToken;
  const location = expectOk(
    await http<{ id: string }>('POST', '/api/v1/tenants/current/locations', { token, body: { name: 'Store', kind: 'store' } }),
    'location',
  );
  for (const plugin of ['core-inventory', 'core-sales', ...(options.extraPlugins ?? [])])
    expectOk(await http('POST', `/api/v1/plugins/${plugin}/enable`, { token, body: { version: '1.0.0' } }), `enable ${plugin}`);
  expectOk(await http('PUT', '/api/v1/plugins/core-sales/settings', { token, body: { offlineOversell: 'deny' } }), 'sales settings');
  const variants: string[] = [];
  for (let i = 0; i < (options.variants ?? 100); i++) {
    const product = expectOk(
      await http<{ variants: Array<{ id: string }> }>('POST', '/api/v1/core-inventory/products', {
        token,
        body: { name: `Item ${i}`, unit: 'piece', variants: [{ sku: `LD-${i}`, prices: [{ currency: 'EUR', amount: 100 + i }] }] },
      }),
      'product',
    );
    variants.push(product.variants[0]!.id);
  }
  expectOk(
    await http('POST', '/api/v1/core-inventory/stock/receive', {
      token,
      body: { locationId: location.id, lines: variants.map((variantId, i) => ({ variantId, quantity: stockOf(i) })) },
    }),
    'receive',
  );
  const role = expectOk(
    await http<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      token,
      body: { name: 'Cashier', permissions: ['core-sales:checkout', 'core-sales:shift'] },
    }),
    'role',
  );
  return { slug, adminToken: token, locationId: location.id, variants, roleId: role.id };
}

/**
 * `count` tills of the shop, alternately online and offline, each a device with a cashier signed
 * in by PIN on one of `urls` in turn; an online one opens its shift (an offline one opens it in its
 * event log when it starts selling).
 */
export async function openTerminals(shop: LoadShop, urls: readonly string[], count: number): Promise<Terminal[]> {
  const http = httpClient(urls[0]!);
  const token = shop.adminToken;
  const terminals: Terminal[] = [];
  for (let index = 0; index < count; index++) {
    const device = expectOk(
      await http<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
        token,
        body: { name: `Till ${index}`, locationId: shop.locationId },
      }),
      'device',
    );
    const email = `cashier${index}@${shop.slug}.test`;
    const user = expectOk(
      await http<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        token,
        body: { email, displayName: `Cashier ${index}`, pin: '2468' },
      }),
      'cashier',
    );
    expectOk(
      await http('POST', `/api/v1/tenants/current/users/${user.id}/grants`, {
        token,
        body: { roleId: shop.roleId, locationId: shop.locationId },
      }),
      'grant',
    );
    const url = urls[index % urls.length]!;
    const session = expectOk(
      await send<{ accessToken: string }>(url, 'POST', '/api/v1/auth/pin-login', undefined, {
        tenant: shop.slug,
        deviceId: device.id,
        email,
        pin: '2468',
      }),
      'PIN sign-in',
    );
    const mode = index % 2 === 0 ? 'online' : 'offline';
    if (mode === 'online')
      expectOk(await send(url, 'POST', '/api/v1/core-sales/shifts', session.accessToken, { openingFloat: 0 }), 'shift');
    terminals.push({ index, mode, deviceId: device.id, cashierId: user.id, token: session.accessToken });
  }
  return terminals;
}
