import { send } from '../sales-load/send.ts';
import type { ShopShape } from './scale.ts';
import { storeProfiles, type StoreProfile } from './shop-profile.ts';

/** The bench kernel's operator (its environment creates the account; the database keeps it). */
export const BENCH_OPERATOR = { email: 'operator@bench-reports.kits', password: 'bench-operator-password' } as const;
/** The till PIN of every cashier who signs in during the bench. */
const PIN = '2468';
/** The permissions of a cashier at a till of the checkout load. */
const CASHIER_PERMISSIONS = ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'];
/** The plugins every bench shop has, in the order they are enabled. */
const PLUGINS = [
  { id: 'core-inventory', version: '1.0.0' },
  { id: 'core-sales', version: '1.0.0' },
  { id: 'reports', version: '1.0.0' },
] as const;

export interface Login {
  readonly email: string;
  readonly password: string;
}

/** A till that signs in for the bench: its device, the store it stands in and its cashier. */
export interface BenchTill {
  readonly deviceId: string;
  readonly locationId: string;
  readonly cashierId: string;
  readonly email: string;
}

export interface BenchStore extends StoreProfile {
  readonly id: string;
  readonly devices: readonly string[];
  readonly cashiers: readonly string[];
}

/** A shop as set up through the kernel's API: what the generator and the measurements need of it. */
export interface BenchShop {
  readonly tenantId: string;
  readonly slug: string;
  readonly timezone: string;
  readonly currency: string;
  readonly admin: Login;
  /** Holds reports:view at every store (the dashboard and sales report are measured as them). */
  readonly manager: Login;
  readonly stores: readonly BenchStore[];
}

/** The tills that sign in during the bench. */
export interface BenchTills {
  /** Tills of the checkout load (the first stores, up to four tills each). */
  readonly terminals: readonly BenchTill[];
  /** The till whose sales are timed into the rollups: the first till of the store after the load's. */
  readonly probe: BenchTill;
}

const cashierLabel = (store: StoreProfile, n: number) => `${String(store.index).padStart(2, '0')}-${n + 1}`;
const cashierEmail = (slug: string, store: StoreProfile, n: number) => `cashier${cashierLabel(store, n)}@${slug}.bench`;

async function ok<Body>(answer: Promise<{ status: number; body: Body }>, what: string): Promise<Body> {
  const { status, body } = await answer;
  if (status >= 300) throw new Error(`${what} failed with ${status}: ${JSON.stringify(body)}`);
  return body;
}

/** Signs in on the tenant's back office. */
export async function signIn(url: string, slug: string, login: Login): Promise<string> {
  const body = await ok(
    send<{ accessToken: string }>(url, 'POST', '/api/v1/auth/login', undefined, { tenant: slug, ...login }),
    `sign-in of ${login.email}`,
  );
  return body.accessToken;
}

/**
 * Sets up a shop through the kernel's API, as a merchant would: the tenant (in `timezone`, EUR)
 * with its admin, its stores, a till device per till, cashiers (two shifts a till), the plugins, a
 * manager who may see every store's reports.
 */
export async function setUpShop(
  url: string,
  options: { readonly slug: string; readonly shape: ShopShape; readonly seed: number; readonly timezone: string },
): Promise<BenchShop> {
  const { slug, timezone } = options;
  const currency = 'EUR';
  const operator = await ok(
    send<{ accessToken: string }>(url, 'POST', '/api/v1/auth/operator/login', undefined, BENCH_OPERATOR),
    'operator sign-in',
  );
  const admin = { email: `admin@${slug}.bench`, password: 'bench-admin-password' };
  const tenant = await ok(
    send<{ id: string }>(url, 'POST', '/api/v1/tenants', operator.accessToken, {
      slug,
      name: `Bench ${slug}`,
      currency,
      timezone,
      admin: { ...admin, displayName: 'Bench Admin' },
    }),
    'create tenant',
  );
  const token = await signIn(url, slug, admin);
  const call = <Body>(method: string, path: string, body?: unknown) => ok(send<Body>(url, method, path, token, body), `${method} ${path}`);

  const stores: BenchStore[] = [];
  for (const profile of storeProfiles(options.shape, options.seed)) {
    const location = await call<{ id: string }>('POST', '/api/v1/tenants/current/locations', { name: profile.name, kind: 'store' });
    const devices: string[] = [];
    for (let till = 1; till <= profile.tills; till++)
      devices.push(
        (
          await call<{ id: string }>('POST', '/api/v1/tenants/current/devices', {
            name: `${profile.name} Till ${till}`,
            locationId: location.id,
          })
        ).id,
      );
    const cashiers: string[] = [];
    for (let n = 0; n < profile.cashierCount; n++) {
      const email = cashierEmail(slug, profile, n);
      cashiers.push(
        (await call<{ id: string }>('POST', '/api/v1/tenants/current/users', { email, displayName: `Cashier ${cashierLabel(profile, n)}` }))
          .id,
      );
    }
    stores.push({ ...profile, id: location.id, devices, cashiers });
  }
  for (const plugin of PLUGINS) await call('POST', `/api/v1/plugins/${plugin.id}/enable`, { version: plugin.version });

  const manager = { email: `manager@${slug}.bench`, password: 'bench-manager-password' };
  const managerUser = await call<{ id: string }>('POST', '/api/v1/tenants/current/users', { ...manager, displayName: 'Area Manager' });
  const viewer = await call<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
    name: 'Reports viewer',
    permissions: ['reports:view'],
  });
  await call('POST', `/api/v1/tenants/current/users/${managerUser.id}/grants`, { roleId: viewer.id });

  return { tenantId: tenant.id, slug, timezone, currency, admin, manager, stores };
}

/**
 * The checkout load's tills — up to four at each of the first stores, each with its store's n-th
 * cashier, given a PIN and the right to sell there — and the probe till: the first till of the next
 * store, alone in it, so only its sales change that store's rollups while the bench runs.
 */
export async function setUpTills(url: string, shop: BenchShop, terminals: number): Promise<BenchTills> {
  const token = await signIn(url, shop.slug, shop.admin);
  const call = <Body>(method: string, path: string, body?: unknown) => ok(send<Body>(url, method, path, token, body), `${method} ${path}`);
  const role = await call<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
    name: 'Till cashier',
    permissions: CASHIER_PERMISSIONS,
  });
  const till = async (store: BenchStore, n: number): Promise<BenchTill> => {
    const cashierId = store.cashiers[n]!;
    await call('PUT', `/api/v1/tenants/current/users/${cashierId}/pin`, { pin: PIN });
    await call('POST', `/api/v1/tenants/current/users/${cashierId}/grants`, { roleId: role.id, locationId: store.id });
    return { deviceId: store.devices[n]!, locationId: store.id, cashierId, email: cashierEmail(shop.slug, store, n) };
  };
  const load: BenchTill[] = [];
  let next = 0;
  for (; next < shop.stores.length && load.length < terminals; next++) {
    const store = shop.stores[next]!;
    for (let n = 0; n < Math.min(4, store.devices.length) && load.length < terminals; n++) load.push(await till(store, n));
  }
  const probeStore = shop.stores[next];
  if (!probeStore) throw new Error(`${shop.slug} has too few stores for ${terminals} load tills and a probe till in a store of its own`);
  return { terminals: load, probe: await till(probeStore, 0) };
}

/** A till's cashier signs in on it with the PIN and opens a shift (one left open by an earlier run is kept). */
export async function openTill(url: string, shop: BenchShop, till: BenchTill): Promise<string> {
  const session = await ok(
    send<{ accessToken: string }>(url, 'POST', '/api/v1/auth/pin-login', undefined, {
      tenant: shop.slug,
      deviceId: till.deviceId,
      email: till.email,
      pin: PIN,
    }),
    `PIN sign-in of ${till.email}`,
  );
  const shift = await send<{ code?: string }>(url, 'POST', '/api/v1/core-sales/shifts', session.accessToken, { openingFloat: 10_000 });
  if (shift.status !== 201 && shift.body.code !== 'sales.shift_open')
    throw new Error(`open shift: ${shift.status} ${JSON.stringify(shift.body)}`);
  return session.accessToken;
}
