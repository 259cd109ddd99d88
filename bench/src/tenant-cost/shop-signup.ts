import type { Kernel } from '@kits/kernel';

/** The operator the bench's kernel is configured with: it signs shops up. */
export const COST_OPERATOR = { email: 'operator@tenant-cost.kits', password: 'tenant-cost-operator-pass' } as const;
/** Every bench cashier's till PIN. */
export const CASHIER_PIN = '2468';

/** A shop as it stands after sign-up: what the month of trading needs of it. */
export interface SignedUpShop {
  readonly tenantId: string;
  readonly slug: string;
  readonly adminToken: string;
  readonly storeId: string;
  readonly warehouseId: string;
  readonly deviceId: string;
  readonly cashier: { readonly id: string; readonly email: string };
  readonly roleId: string;
  /** Plugins enabled, in the order they were. */
  readonly enabled: readonly string[];
  /** Plugins left disabled: they need settings only a merchant has (an API key). */
  readonly needSettings: readonly string[];
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** One call to the kernel's API through its HTTP stack (Fastify's inject: routing, schemas, auth, all of it; no socket). */
export async function call<Body>(
  kernel: Kernel,
  method: Method,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Body }> {
  const response = await kernel.app.inject({
    method,
    url,
    headers: { ...(options.token ? { authorization: `Bearer ${options.token}` } : {}), ...options.headers },
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  return { status: response.statusCode, body: (response.body ? response.json() : undefined) as Body };
}

/** As `call`, for a call that must succeed: anything else stops the bench, saying what was refused. */
export async function ok<Body>(kernel: Kernel, method: Method, url: string, options: Parameters<typeof call>[3] = {}): Promise<Body> {
  const answer = await call<Body>(kernel, method, url, options);
  if (answer.status >= 300) throw new Error(`${method} ${url} was refused (${answer.status}): ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function operatorToken(kernel: Kernel): Promise<string> {
  return (await ok<{ accessToken: string }>(kernel, 'POST', '/api/v1/auth/operator/login', { body: COST_OPERATOR })).accessToken;
}

/**
 * Signs a shop up as `npm start`'s demo sets one up (kernel/src/demo.ts), through the API: the
 * operator creates the tenant and its admin; the admin adds a store and a warehouse, a till device
 * and a cashier with a PIN, and enables every plugin the kernel offers in rounds (providers before
 * what requires them), leaving out those that need a merchant's settings; then a cashier role at
 * the store. No catalog: that is the shop's own data, measured with its month of trading.
 */
export async function signUpShop(kernel: Kernel, operator: string, slug: string): Promise<SignedUpShop> {
  const admin = { email: `admin@${slug}.test`, password: 'tenant-cost-admin-pass', displayName: 'Shop Admin' };
  const tenant = await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants', {
    token: operator,
    body: { slug, name: `Shop ${slug}`, currency: 'EUR', timezone: 'Europe/Amsterdam', admin },
  });
  const token = (
    await ok<{ accessToken: string }>(kernel, 'POST', '/api/v1/auth/login', {
      body: { tenant: slug, email: admin.email, password: admin.password },
    })
  ).accessToken;
  const store = await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants/current/locations', {
    token,
    body: { name: 'Main Street Store', kind: 'store', addressLines: ['Main Street 1', '1011 AB Amsterdam'], taxId: 'NL000099998B57' },
  });
  const warehouse = await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants/current/locations', {
    token,
    body: { name: 'Warehouse', kind: 'warehouse' },
  });
  const device = await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants/current/devices', {
    token,
    body: { name: 'Till 1', locationId: store.id },
  });
  const email = `cashier@${slug}.test`;
  const cashier = await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants/current/users', {
    token,
    body: { email, displayName: 'Cashier', pin: CASHIER_PIN },
  });

  const pending = new Set(kernel.plugins.catalog.ids());
  const enabled: string[] = [];
  const needSettings: string[] = [];
  for (let progressed = true; pending.size > 0 && progressed;) {
    progressed = false;
    for (const id of [...pending]) {
      const answer = await call<{ code?: string }>(kernel, 'POST', `/api/v1/plugins/${id}/enable`, { token, body: {} });
      if (answer.status < 300) enabled.push(id);
      else if (answer.body?.code === 'plugins.invalid_settings') needSettings.push(id);
      else if (answer.body?.code === 'plugins.requirement_missing') continue;
      else throw new Error(`enabling ${id} for ${slug} was refused (${answer.status}): ${JSON.stringify(answer.body)}`);
      pending.delete(id);
      progressed = true;
    }
  }
  const role = await ok<{ id: string }>(kernel, 'POST', '/api/v1/tenants/current/roles', {
    token,
    body: { name: 'Cashier', permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] },
  });
  await ok(kernel, 'POST', `/api/v1/tenants/current/users/${cashier.id}/grants`, {
    token,
    body: { roleId: role.id, locationId: store.id },
  });
  return {
    tenantId: tenant.id,
    slug,
    adminToken: token,
    storeId: store.id,
    warehouseId: warehouse.id,
    deviceId: device.id,
    cashier: { id: cashier.id, email },
    roleId: role.id,
    enabled,
    needSettings: [...needSettings, ...pending],
  };
}
