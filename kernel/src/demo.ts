import type { Kernel } from './kernel.ts';

/** The demo tenant `npm start` creates on a fresh database, and how to sign in to it. */
export const DEMO = {
  tenant: 'demo',
  admin: { email: 'admin@demo.kits', password: 'demo-admin-pass', displayName: 'Demo Admin' },
  cashier: { email: 'cashier@demo.kits', displayName: 'Demo Cashier', pin: '1234' },
} as const;

async function call<Body>(kernel: Kernel, method: string, url: string, body?: unknown, token?: string): Promise<Body> {
  const response = await kernel.app.inject({
    method: method as 'POST',
    url,
    headers: token ? { authorization: `Bearer ${token}` } : {},
    ...(body !== undefined ? { payload: body as object } : {}),
  });
  if (response.statusCode >= 300) throw new Error(`Demo set-up: ${method} ${url} answered ${response.statusCode}: ${response.body}`);
  return response.json() as Body;
}

/**
 * Creates the demo tenant (admin, store, till device, cashier) through the public API, then
 * enables every plugin the kernel knows, providers before the plugins that require them.
 * Does nothing when the demo tenant exists already.
 */
export async function seedDemo(
  kernel: Kernel,
  operator: { email: string; password: string },
): Promise<{ created: boolean; deviceId?: string }> {
  const existing = await kernel.db.query('select 1 from kernel.tenants where slug = $1', [DEMO.tenant]);
  if (existing.length > 0) return { created: false };
  const { accessToken: operatorToken } = await call<{ accessToken: string }>(kernel, 'POST', '/api/v1/auth/operator/login', operator);
  await call(
    kernel,
    'POST',
    '/api/v1/tenants',
    { slug: DEMO.tenant, name: 'Demo Store', currency: 'EUR', timezone: 'Europe/Amsterdam', admin: DEMO.admin },
    operatorToken,
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
    { name: 'Main Street Store', kind: 'store' },
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
  await call(
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
        throw new Error(`Demo set-up: enabling ${id} answered ${response.statusCode}: ${response.body}`);
      }
    }
    if (!progressed) {
      kernel.log.warn({ plugins: [...pending] }, 'demo: these plugins stay disabled, their requirements are not provided by any plugin');
      break;
    }
  }
  return { created: true, deviceId: device.id };
}
