import type { Kernel } from './kernel.ts';
import { DemoSetupError } from './demo-setup-error.ts';
import { createTenant } from './tenancy/tenants.ts';

/** The demo tenant `npm start` creates on a fresh database, and how to sign in to it. */
export const DEMO = {
  tenant: 'demo',
  admin: { email: 'admin@demo.kits', password: 'demo-admin-pass', displayName: 'Demo Admin' },
  cashier: { email: 'cashier@demo.kits', displayName: 'Demo Cashier', pin: '1234' },
} as const;

function refused(step: string, response: { statusCode: number; body: string }): DemoSetupError {
  let problem: { code?: string; detail?: string } = {};
  try {
    problem = JSON.parse(response.body) as typeof problem;
  } catch {
    // Not problem+json: the body itself is what it said.
  }
  return new DemoSetupError(step, response.statusCode, problem, response.body);
}

async function call<Body>(kernel: Kernel, method: string, url: string, body?: unknown, token?: string): Promise<Body> {
  const response = await kernel.app.inject({
    method: method as 'POST',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  if (response.statusCode >= 300) throw refused(`${method} ${url}`, response);
  return response.json() as Body;
}

/**
 * Creates the demo tenant (the kernel itself, as `npm start`, with no operator needed), then its
 * store, till device and cashier through the public API as the demo admin, and enables every
 * plugin the kernel knows, providers before the plugins that require them.
 * Does nothing when the demo tenant exists already.
 */
export async function seedDemo(kernel: Kernel): Promise<{ created: boolean; deviceId?: string }> {
  const existing = await kernel.db.query('select 1 from kernel.tenants where slug = $1', [DEMO.tenant]);
  if (existing.length > 0) return { created: false };
  await createTenant(
    kernel.db,
    { slug: DEMO.tenant, name: 'Demo Store', currency: 'EUR', timezone: 'Europe/Amsterdam', admin: DEMO.admin },
    { kind: 'system', id: 'npm start (demo set-up)' },
  );
  const { accessToken: token } = await call<{ accessToken: string }>(kernel, 'POST', '/api/v1/auth/login', {
    tenant: DEMO.tenant,
    email: DEMO.admin.email,
    password: DEMO.admin.password,
  });
  const store = await call<{ id: string }>(
    kernel,
    'POST',
    '/api/v1/tenants/current/locations',
    // What its receipts print about the shop (an example: set a real one with PATCH .../locations/:id).
    { name: 'Main Street Store', kind: 'store', addressLines: ['Main Street 1', '1011 AB Amsterdam'], taxId: 'NL000099998B57' },
    token,
  );
  await call(kernel, 'POST', '/api/v1/tenants/current/locations', { name: 'Warehouse', kind: 'warehouse' }, token);
  const device = await call<{ id: string }>(
    kernel,
    'POST',
    '/api/v1/tenants/current/devices',
    { name: 'Till 1', locationId: store.id },
    token,
  );
  const cashier = await call<{ id: string }>(
    kernel,
    'POST',
    '/api/v1/tenants/current/users',
    { email: DEMO.cashier.email, displayName: DEMO.cashier.displayName, pin: DEMO.cashier.pin },
    token,
  );

  // Enable in rounds: each round enables whatever has its requirements met by the rounds before.
  const pending = new Set(kernel.plugins.catalog.ids());

  while (pending.size > 0) {
    let progressed = false;
    for (const id of [...pending]) {
      const response = await kernel.app.inject({
        method: 'POST',
        url: `/api/v1/plugins/${id}/enable`,
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
      if (response.statusCode < 300) {
        pending.delete(id);
        progressed = true;
      } else if (response.json<{ code?: string }>().code !== 'plugins.requirement_missing') {
        throw refused(`enable the plugin ${id}`, response);
      }
    }
    if (!progressed) {
      kernel.log.warn({ plugins: [...pending] }, 'demo: these plugins stay disabled, their requirements are not provided by any plugin');
      break;
    }
  }
  if (!pending.has('core-inventory') && kernel.plugins.catalog.versions('core-inventory').length > 0) {
    await seedCatalogue(kernel, token, store.id);
  }
  if (!pending.has('core-sales') && kernel.plugins.catalog.versions('core-sales').length > 0) {
    // The cashier sells, opens and closes shifts and refunds with a receipt at the store.
    const role = await call<{ id: string }>(
      kernel,
      'POST',
      '/api/v1/tenants/current/roles',
      { name: 'Cashier', permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] },
      token,
    );
    await call(kernel, 'POST', `/api/v1/tenants/current/users/${cashier.id}/grants`, { roleId: role.id, locationId: store.id }, token);
  }
  return { created: true, deviceId: device.id };
}

/** A small café catalogue with stock at the store, so the till has something to sell. */
const DEMO_CATALOGUE = `product,sku,unit,tax_class,options,barcodes,currency,price,cost
Flat White,COF-FW,piece,reduced,size=regular,2000000000015,EUR,3.40,0.70
Flat White,COF-FW-L,piece,reduced,size=large,2000000000022,EUR,3.90,0.85
Croissant,BAK-CRO,piece,reduced,,2000000000039,EUR,2.20,0.60
Espresso Beans 1kg,BEA-ESP-1K,piece,reduced,,8712345678906,EUR,24.95,11.00
Ceramic Mug,MUG-BLK,piece,standard,colour=black,4006381333931,EUR,12.50,4.10
Ceramic Mug,MUG-WHT,piece,standard,colour=white,036000291452,EUR,12.50,4.10
`;

async function seedCatalogue(kernel: Kernel, token: string, storeId: string): Promise<void> {
  await call(kernel, 'POST', '/api/v1/core-inventory/catalogue/import', { csv: DEMO_CATALOGUE }, token);
  const lines = [];
  for (const sku of ['COF-FW', 'COF-FW-L', 'BAK-CRO', 'BEA-ESP-1K', 'MUG-BLK', 'MUG-WHT']) {
    const found = await call<{ variantId: string }>(kernel, 'GET', `/api/v1/core-inventory/lookup?code=${sku}`, undefined, token);
    lines.push({ variantId: found.variantId, quantity: sku.startsWith('COF') ? 500 : 24 });
  }
  await call(
    kernel,
    'POST',
    '/api/v1/core-inventory/stock/receive',
    { locationId: storeId, lines, reference: { kind: 'demo', id: 'opening-stock' } },
    token,
  );
}
