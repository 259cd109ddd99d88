import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../src/demo.ts';

const plugin = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const INVENTORY = plugin('../../plugins/core-inventory');
const SALES = plugin('../../plugins/core-sales');
const OVERREACHING = plugin('./fixtures/demo/overreaching-demo');

// `npm start`'s demo names no plugin: each enabled plugin adds its own demo data through its `demo` hook.
describe('the demo tenant', () => {
  let kit: TestKernel | undefined;
  afterEach(async () => kit?.close());

  it("holds core-inventory's catalog and opening stock at the store, and a cashier who may do what core-sales allows", async () => {
    kit = await createTestKernel({ plugins: [INVENTORY, SALES], enable: false });
    const seeded = await seedDemo(kit.kernel);
    expect(seeded.created).toBe(true);
    const token = (
      await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        token: null,
        body: { tenant: DEMO.tenant, email: DEMO.admin.email, password: DEMO.admin.password },
      })
    ).body.accessToken;

    const found = await kit.request<{ variantId: string }>('GET', '/api/v1/core-inventory/lookup?code=COF-FW', { token });
    expect(found.status).toBe(200);
    const locations = await kit.request<{ items: Array<{ id: string; kind: string }> }>('GET', '/api/v1/tenants/current/locations', {
      token,
    });
    const store = locations.body.items.find((location) => location.kind === 'store')!;
    const stock = await kit.request<{ items: Array<{ locationId: string; onHand: number }> }>(
      'GET',
      `/api/v1/core-inventory/variants/${found.body.variantId}/stock`,
      { token },
    );
    expect(stock.body.items).toEqual([expect.objectContaining({ locationId: store.id, onHand: 500 })]);

    const roles = await kit.request<{ items: Array<{ name: string; permissions: string[] }> }>('GET', '/api/v1/tenants/current/roles', {
      token,
    });
    expect(roles.body.items.find((role) => role.name === 'Cashier')?.permissions).toEqual([
      'core-sales:checkout',
      'core-sales:refund',
      'core-sales:shift',
    ]);

    // A second start finds the demo tenant and adds nothing.
    expect(await seedDemo(kit.kernel)).toEqual({ created: false });
    const again = await kit.request<{ items: unknown[] }>('GET', `/api/v1/core-inventory/variants/${found.body.variantId}/stock`, {
      token,
    });
    expect(again.body).toEqual(stock.body);
  }, 180_000);

  it("refuses a plugin's demo that would give the cashier a permission that is not the plugin's own", async () => {
    kit = await createTestKernel({ plugins: [OVERREACHING], enable: false });

    await expect(seedDemo(kit.kernel)).rejects.toThrow(
      'the demo set-up could not add the demo data of overreaching-demo@1.0.0: it asked the cashier to hold kernel:roles.manage, which its manifest does not declare: a plugin grants only its own permissions',
    );
    const roles = await kit.kernel.db.query("select 1 from kernel.roles where name = 'Cashier'");
    expect(roles).toEqual([]);
  });
});
