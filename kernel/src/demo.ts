import type { Kernel } from './kernel.ts';
import { DemoSetupError } from './demo-setup-error.ts';
import { runPluginDemo } from './plugins/plugin-demo.ts';
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
 * plugin the kernel knows, providers before the plugins that require them. Then each enabled
 * plugin adds its own demo data (its `demo` hook: a catalog, stock, what the cashier may do):
 * the kernel names no plugin. Does nothing when the demo tenant exists already.
 */
export async function seedDemo(kernel: Kernel): Promise<{ created: boolean; deviceId?: string }> {
  const existing = await kernel.db.query('select 1 from kernel.tenants where slug = $1', [DEMO.tenant]);
  if (existing.length > 0) return { created: false };
  const tenant = await createTenant(
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
  const warehouse = await call<{ id: string }>(
    kernel,
    'POST',
    '/api/v1/tenants/current/locations',
    { name: 'Warehouse', kind: 'warehouse' },
    token,
  );
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
  const enabled: string[] = [];

  while (pending.size > 0) {
    let progressed = false;
    for (const id of [...pending]) {
      const response = await kernel.app.inject({
        method: 'POST',
        url: `/api/v1/plugins/${id}/enable`,
        headers: { authorization: `Bearer ${token}` },
        payload: {},
      });
      const code = response.statusCode < 300 ? undefined : response.json<{ code?: string }>().code;
      if (response.statusCode < 300) {
        pending.delete(id);
        enabled.push(id);
        progressed = true;
      } else if (code === 'plugins.invalid_settings') {
        // A plugin that needs settings only the merchant has (an API key) waits for them in the
        // office's marketplace; the demo goes on without it.
        pending.delete(id);
        kernel.log.warn({ plugin: id }, 'demo: this plugin needs settings before it can run; enable it from the back office marketplace');
      } else if (code !== 'plugins.requirement_missing') {
        throw refused(`enable the plugin ${id}`, response);
      }
    }
    if (!progressed) {
      kernel.log.warn({ plugins: [...pending] }, 'demo: these plugins stay disabled, their requirements are not provided by any plugin');
      break;
    }
  }
  // Providers first (the order they were enabled in): a plugin's demo may use what they seeded.
  const locations = { storeId: store.id, warehouseId: warehouse.id };
  const cashierPermissions = new Set<string>();
  for (const id of enabled) {
    const allowed = await runPluginDemo(kernel.plugins, kernel.db, kernel.config.handlerTimeoutMs, tenant.id, id, locations);
    allowed.forEach((permission) => cashierPermissions.add(permission));
  }
  if (cashierPermissions.size > 0) {
    // One role holds what the plugins' demos let the cashier do, at the store.
    const role = await call<{ id: string }>(
      kernel,
      'POST',
      '/api/v1/tenants/current/roles',
      { name: 'Cashier', permissions: [...cashierPermissions].sort() },
      token,
    );
    await call(kernel, 'POST', `/api/v1/tenants/current/users/${cashier.id}/grants`, { roleId: role.id, locationId: store.id }, token);
  }
  return { created: true, deviceId: device.id };
}
