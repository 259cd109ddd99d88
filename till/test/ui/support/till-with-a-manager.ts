import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { pairTestTill, signInOnTill, tillReady } from './till-browser.ts';

/** The manager who approves on the cashier's screen in these tests. */
export const MANAGER = { name: 'Maria Manager', email: 'maria@shop.test', pin: '8642' } as const;

export interface TillWithAManager {
  readonly cashier: TestTill;
  readonly managerId: string;
  readonly context: BrowserContext;
  readonly page: Page;
}

/**
 * A till in Chromium (1024×768) at the test store where Maria Manager, holding `managerPermissions`
 * there, signed in this week — so the till can check her PIN offline — and then a cashier holding
 * `cashierPermissions` signed in: the screen a manager approves on.
 */
export async function tillWithAManager(
  kit: TestKernel,
  url: string,
  browser: Browser,
  permissions: { readonly cashier: readonly string[]; readonly manager: readonly string[] },
): Promise<TillWithAManager> {
  const cashier = await kit.signInTill({ permissions: permissions.cashier });
  const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
    body: { name: 'Manager', permissions: permissions.manager },
  });
  const managerId = (
    await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: MANAGER.email, displayName: MANAGER.name, pin: MANAGER.pin },
    })
  ).body.id;
  await kit.request('POST', `/api/v1/tenants/current/users/${managerId}/grants`, {
    body: { roleId: role.body.id, locationId: kit.tenant.locationId },
  });
  const context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await pairTestTill(page, kit, url, { deviceId: cashier.deviceId, email: MANAGER.email, pin: MANAGER.pin, name: MANAGER.name });
  await page.getByRole('button', { name: 'Lock' }).click();
  await page.getByRole('button', { name: 'Sign out (another cashier)' }).click();
  await signInOnTill(page, cashier);
  await tillReady(page);
  await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
  return { cashier, managerId, context, page };
}

/** The till's manager dialog over whatever screen is on show. */
export const managerDialog = (page: Page): Locator => page.getByRole('dialog', { name: 'Manager approval' });

/** In the manager dialog: Maria picks her name and types her PIN. */
export async function approveAsManager(page: Page): Promise<void> {
  await managerDialog(page).getByRole('group', { name: 'Approving manager' }).getByRole('button', { name: MANAGER.name }).click();
  await page.keyboard.type(MANAGER.pin);
  await page.keyboard.press('Enter');
}
