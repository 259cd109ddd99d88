import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import {
  createScratchPostgres,
  POSTGRES_ADMIN_URL,
  type RequestOptions,
  type ScratchDatabase,
  type TestResponse,
} from '@kits/plugin-sdk/test-kit';
import { loadConfig } from '../config/config.ts';
import { createKernel, type Kernel, type KernelOptions } from '../kernel.ts';
import { readPluginPackage, type PluginPackage } from '../plugins/discovery.ts';
import { embeddedMigratedTemplate, postgresMigratedTemplate } from './migrated-template.ts';

export interface TestKernelOptions {
  /** Package folders of the plugins under test (each with a package.json holding a `kits` manifest). */
  readonly plugins?: readonly string[];
  /** PGlite in memory (default) or a fresh PostgreSQL database that is dropped on close. */
  readonly db?: 'pglite' | 'postgres';
  /** Enable the plugins for the test tenant, in the order given (default true). */
  readonly enable?: boolean;
  /** Extra environment for the kernel's configuration (REDIS_URL, AMQP_URL, …). */
  readonly env?: Readonly<Record<string, string>>;
  /** With AMQP_URL: a RabbitMQ exchange (and queues) of this kernel's own, so parallel tests do not take each other's events. */
  readonly eventExchange?: string;
  /** A logger for the kernel (default: silent, or TEST_LOG_LEVEL); tests that assert what is logged pass their own. */
  readonly logger?: KernelOptions['logger'];
  /** Give the test tenant's plugins settings (plugin id → settings) before enabling. */
  readonly settings?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface TestTenant {
  readonly id: string;
  readonly slug: string;
  readonly locationId: string;
  readonly admin: { readonly email: string; readonly password: string; readonly token: string };
}

export interface TestKernel {
  readonly kernel: Kernel;
  /** A tenant with an admin (all permissions) and a store location, with the plugins enabled. */
  readonly tenant: TestTenant;
  readonly operatorToken: string;
  /** Sends a request through the kernel's HTTP stack (no socket). */
  request<Body = unknown>(method: string, url: string, options?: RequestOptions): Promise<TestResponse<Body>>;
  /** Creates another tenant with its admin and location, and enables the same plugins. */
  createTenant(slug?: string): Promise<TestTenant>;
  /**
   * Tables, in any schema, that have a tenant_id column but lack forced row-level security or a
   * policy. A plugin's tests assert this is empty.
   */
  tablesWithoutTenantIsolation(): Promise<string[]>;
  /**
   * Registers a till device at a location (the test tenant's store by default) with a cashier who
   * holds `permissions` there and signs in on it with a PIN: the token a till pushes and pulls with.
   */
  signInTill(options?: { readonly locationId?: string; readonly permissions?: readonly string[] }): Promise<TestTill>;
  close(): Promise<void>;
}

export interface TestTill {
  readonly deviceId: string;
  readonly locationId: string;
  readonly cashierId: string;
  /** How the cashier signs in on the device (a UI test picks the name, or types the e-mail, and the PIN). */
  readonly name: string;
  readonly email: string;
  readonly pin: string;
  readonly token: string;
}

/** The operator every test kernel has (operatorToken is theirs); a UI test signs in with it. */
export const TEST_OPERATOR = { email: 'operator@test.kits', password: 'operator-password-1' } as const;
const OPERATOR = TEST_OPERATOR;

/**
 * Starts a kernel with the plugins under test, a tenant, an admin and a location — in a few lines:
 *   const kit = await createTestKernel({ plugins: [pluginDir], db: 'postgres' });
 *   const res = await kit.request('GET', '/api/v1/my-plugin/things');
 */
export async function createTestKernel(options: TestKernelOptions = {}): Promise<TestKernel> {
  const packages: PluginPackage[] = (options.plugins ?? []).map((dir) => {
    const pkg = readPluginPackage(resolve(dir));
    if (!pkg) throw new Error(`${dir} is not a plugin package: its package.json has no "kits" manifest`);
    return pkg;
  });
  // Both databases start with the kernel's and the plugins' migrations applied (migrated-template.ts).
  let scratch: ScratchDatabase | undefined;
  if (options.db === 'postgres')
    scratch = await createScratchPostgres(POSTGRES_ADMIN_URL, await postgresMigratedTemplate(packages, POSTGRES_ADMIN_URL));
  const config = loadConfig({
    DATA_DIR: 'memory://',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    PORT: '0',
    JWT_SECRET: randomBytes(32).toString('base64url'),
    PLUGIN_DIRS: '',
    OPERATOR_EMAIL: OPERATOR.email,
    OPERATOR_PASSWORD: OPERATOR.password,
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    ...options.env,
  });
  let kernel: Kernel;
  try {
    kernel = await createKernel(config, {
      plugins: packages,
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.eventExchange ? { eventExchange: options.eventExchange } : {}),
      ...(config.databaseUrl ? {} : { embeddedDatabaseTemplate: await embeddedMigratedTemplate(packages) }),
    });
  } catch (error) {
    await scratch?.drop();
    throw error;
  }

  const request = async <Body>(
    method: string,
    url: string,
    requestOptions: RequestOptions = {},
    defaultToken?: string,
  ): Promise<TestResponse<Body>> => {
    const token = requestOptions.token === undefined ? defaultToken : requestOptions.token;
    const response = await kernel.app.inject({
      method: method as 'GET',
      url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...requestOptions.headers },
      ...(requestOptions.body !== undefined ? { payload: requestOptions.body as object } : {}),
    });
    const text = response.body;
    let body: unknown = text;
    if (text && /json/.test(String(response.headers['content-type'] ?? ''))) body = JSON.parse(text);
    return { status: response.statusCode, body: body as Body, headers: response.headers };
  };

  const expectOk = <Body>(response: TestResponse<Body>, what: string): Body => {
    if (response.status >= 300) throw new Error(`${what} failed with ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  const operatorToken = expectOk(
    await request<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', { body: OPERATOR }),
    'operator login',
  ).accessToken;

  const createTenant = async (slug = `t-${randomBytes(4).toString('hex')}`): Promise<TestTenant> => {
    const admin = { email: `admin@${slug}.test`, password: 'admin-password-1', displayName: 'Test Admin' };
    const tenant = expectOk(
      await request<{ id: string }>('POST', '/api/v1/tenants', {
        token: operatorToken,
        body: { slug, name: `Tenant ${slug}`, currency: 'EUR', admin },
      }),
      'create tenant',
    );
    const token = expectOk(
      await request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        body: { tenant: slug, email: admin.email, password: admin.password },
      }),
      'admin login',
    ).accessToken;
    const location = expectOk(
      await request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
        token,
        body: { name: 'Main Street Store', kind: 'store' },
      }),
      'create location',
    );
    if (options.enable !== false) {
      for (const pkg of packages) {
        // Enabled with its settings in one go: a plugin whose settings are required (an API key) is refused without them.
        const settings = options.settings?.[pkg.id];
        expectOk(
          await request('POST', `/api/v1/plugins/${pkg.id}/enable`, {
            token,
            body: { version: pkg.version, ...(settings ? { settings } : {}) },
          }),
          `enable ${pkg.id}`,
        );
      }
    }
    return { id: tenant.id, slug, locationId: location.id, admin: { email: admin.email, password: admin.password, token } };
  };

  let tenant: TestTenant;
  let tills = 0;
  try {
    tenant = await createTenant();
  } catch (error) {
    await kernel.close();
    await scratch?.drop();
    throw error;
  }

  return {
    kernel,
    tenant,
    operatorToken,
    request: (method, url, requestOptions) => request(method, url, requestOptions, tenant.admin.token),
    createTenant,
    async signInTill({ locationId = tenant.locationId, permissions = [] } = {}) {
      tills += 1;
      const admin = tenant.admin.token;
      const device = expectOk(
        await request<{ id: string }>('POST', '/api/v1/tenants/current/devices', { body: { name: `Till ${tills}`, locationId } }, admin),
        'register device',
      );
      const email = `cashier${tills}@${tenant.slug}.test`;
      const name = `Cashier ${tills}`;
      const cashier = expectOk(
        await request<{ id: string }>('POST', '/api/v1/tenants/current/users', { body: { email, displayName: name, pin: '2468' } }, admin),
        'create cashier',
      );
      if (permissions.length > 0) {
        const role = expectOk(
          await request<{ id: string }>(
            'POST',
            '/api/v1/tenants/current/roles',
            { body: { name: `Till cashier ${tills}`, permissions } },
            admin,
          ),
          'create role',
        );
        expectOk(
          await request('POST', `/api/v1/tenants/current/users/${cashier.id}/grants`, { body: { roleId: role.id, locationId } }, admin),
          'grant role',
        );
      }
      const session = expectOk(
        await request<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
          body: { tenant: tenant.slug, deviceId: device.id, email, pin: '2468' },
        }),
        'PIN sign-in',
      );
      return { deviceId: device.id, locationId, cashierId: cashier.id, name, email, pin: '2468', token: session.accessToken };
    },
    async tablesWithoutTenantIsolation() {
      const rows = await kernel.db.query<{ name: string }>(
        `select n.nspname || '.' || c.relname as name
           from pg_class c
           join pg_namespace n on n.oid = c.relnamespace
           join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
          where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema')
            and (not c.relrowsecurity or not c.relforcerowsecurity
                 or not exists (select 1 from pg_policies p where p.schemaname = n.nspname and p.tablename = c.relname))
          order by 1`,
      );
      return rows.map((row) => row.name);
    },
    async close() {
      await kernel.close();
      await scratch?.drop();
    },
  };
}
