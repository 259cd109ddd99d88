import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { Secret, TOTP } from 'otpauth';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, pairTestTill, SCREENSHOTS, signInOnTill, tillReady } from './support/till-browser.ts';

/** A cashier who may not give discounts gets one approved by a manager's PIN on the same screen. */
describe('a manager approves a discount on the cashier’s screen', () => {
  let kit: TestKernel;
  let cashier: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const people: Record<string, string> = {};

  const scan = async (code: string) => {
    await page.keyboard.type(code, { delay: 5 });
    await page.keyboard.press('Enter');
  };
  const dialog = () => page.getByRole('dialog', { name: 'Manager approval' });
  const payExactCash = async () => {
    await page.getByLabel('Scan').focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
  };
  const audited = (action: string) =>
    kit.kernel.db.query<{ actor_id: string; device_id: string; detail: Record<string, unknown> }>(
      'select actor_id, device_id, detail from kernel.audit_log where action = $1 order by audit_id',
      [action],
    );
  const addPerson = async (name: string, pin: string, permissions: string[]) => {
    const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: `${name}'s role`, permissions },
    });
    const user = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: `${name.split(' ')[0]!.toLowerCase()}@shop.test`, displayName: name, pin },
    });
    await kit.request('POST', `/api/v1/tenants/current/users/${user.body.id}/grants`, {
      body: { roleId: role.body.id, locationId: kit.tenant.locationId },
    });
    people[name] = user.body.id;
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    const url = await kit.kernel.listen();
    await stockShelf(kit, [
      { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, quantity: 10 },
      { name: 'Flat White', sku: 'COF-FW', barcode: '2000000000015', price: 340, quantity: 10 },
    ]);
    cashier = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await addPerson('Maria Manager', '8642', ['core-sales:checkout', 'core-sales:shift', 'core-sales:discount']);
    await addPerson('Sam Supervisor', '9753', ['core-sales:checkout', 'core-sales:shift']);
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1024, height: 768 } });
    page = await context.newPage();
    // The manager opened this till this week (so it can check her PIN offline); then the cashier signs in.
    await pairTestTill(page, kit, url, { deviceId: cashier.deviceId, email: 'maria@shop.test', pin: '8642', name: 'Maria Manager' });
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('button', { name: 'Sign out (another cashier)' }).click();
    await signInOnTill(page, cashier);
    await tillReady(page);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('F7 opens the approval: a manager without the permission, or a wrong PIN, applies nothing; the manager’s PIN applies it, audited with both names', async () => {
    await scan('4006381333931');
    await scan('2000000000015');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€15.90');
    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Ceramic Mug' }).locator('.name').click();
    await page.keyboard.press('F7');
    await page.keyboard.type('10%');
    await page.keyboard.press('Enter');
    await dialog().getByTestId('approval-what').filter({ hasText: '10 % off Ceramic Mug' }).waitFor();
    const managers = dialog().getByRole('group', { name: 'Approving manager' });
    // The cashier who asks is not among those who approve.
    expect(await managers.getByRole('button').allTextContents()).toEqual(['MMMaria Manager', 'SSSam Supervisor']);
    await page.screenshot({ path: `${SCREENSHOTS}manager-approval-1024x768.png` });

    await managers.getByRole('button', { name: 'Sam Supervisor' }).click();
    await page.keyboard.type('9753');
    await page.keyboard.press('Enter');
    await dialog().getByRole('alert').filter({ hasText: 'Sam Supervisor does not hold the permission "core-sales:discount"' }).waitFor();
    await dialog().getByRole('button', { name: 'Pick another manager' }).click();
    await managers.getByRole('button', { name: 'Maria Manager' }).click();
    await page.keyboard.type('0000');
    await page.keyboard.press('Enter');
    await dialog()
      .getByRole('alert')
      .filter({ hasText: "The manager or PIN is wrong (4 tries left before the manager's PIN locks)." })
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}manager-approval-wrong-pin-1024x768.png` });
    expect(await page.getByTestId('total').textContent()).toBe('€15.90');
    expect(await audited('auth.step_up.approved')).toEqual([]);

    await page.keyboard.type('8642');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await page.locator('[data-testid=cart] tr').filter({ hasText: '−10 %' }).waitFor();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€14.65');
    expect(await page.getByTestId('approved-by').textContent()).toBe('Approved by Maria Manager');
    await page.screenshot({ path: `${SCREENSHOTS}manager-approved-discount-1024x768.png` });
    const [approved] = await audited('auth.step_up.approved');
    expect(approved).toMatchObject({
      actor_id: cashier.cashierId,
      device_id: cashier.deviceId,
      detail: {
        permission: 'core-sales:discount',
        action: 'discount.line',
        cashier: { id: cashier.cashierId, name: 'Cashier 1' },
        approver: { id: people['Maria Manager'], name: 'Maria Manager' },
      },
    });

    await payExactCash();
    await expect
      .poll(async () => (await audited('sales.sale.approved')).map((entry) => entry.detail), { timeout: 15_000 })
      .toEqual([
        expect.objectContaining({
          cashierId: cashier.cashierId,
          approverId: people['Maria Manager'],
          approvalId: approved!.detail.approvalId,
          approvedOn: 'kernel',
        }),
      ]);
    const [sale] = await kit.kernel.db.query<{ total: string; cashier_id: string }>('select total, cashier_id from sales.sales');
    expect([Number(sale!.total), sale!.cashier_id]).toEqual([1465, cashier.cashierId]);
    // The right PIN cleared the wrong one's count.
    const [maria] = await kit.kernel.db.query<{ pin_failures: number }>('select pin_failures from kernel.users where user_id = $1', [
      people['Maria Manager'],
    ]);
    expect(maria?.pin_failures).toBe(0);
    await page.keyboard.press('Enter');
  });

  it('a manager with two-step verification approves with their authenticator code instead of the PIN; the audit says so', async () => {
    // Maria sets up two-step verification (signed in with her PIN on this till, through the API).
    const signedIn = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: kit.tenant.slug, deviceId: cashier.deviceId, userId: people['Maria Manager'], pin: '8642' },
    });
    const token = signedIn.body.accessToken;
    const { secret } = (await kit.request<{ secret: string }>('POST', '/api/v1/auth/second-factor/enrolment', { token })).body;
    const codeAt = (steps: number) => new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });
    expect((await kit.request('POST', '/api/v1/auth/second-factor/confirmation', { token, body: { code: codeAt(0) } })).status).toBe(200);

    await page.getByLabel('Scan').focus();
    await scan('4006381333931');
    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Ceramic Mug' }).locator('.name').click();
    await page.keyboard.press('F7');
    await page.keyboard.type('10%');
    await page.keyboard.press('Enter');
    await dialog().getByRole('group', { name: 'Approving manager' }).getByRole('button', { name: 'Maria Manager' }).click();
    await dialog().getByRole('button', { name: 'Use an authenticator code' }).click();
    await dialog().getByLabel('Manager’s authenticator code').fill(codeAt(1));
    await page.screenshot({ path: `${SCREENSHOTS}manager-approval-code-1024x768.png` });
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    expect(await page.getByTestId('approved-by').textContent()).toBe('Approved by Maria Manager');
    const approvals = await audited('auth.step_up.approved');
    expect(approvals.at(-1)?.detail).toMatchObject({
      method: 'second-factor',
      approver: { id: people['Maria Manager'] },
      cashier: { id: cashier.cashierId },
    });
    await payExactCash();
    await page.keyboard.press('Enter');
  });

  it('offline, the till checks the manager’s PIN itself; the sale names her and the server audits it when it arrives', async () => {
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await scan('2000000000015');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€3.40');
    await page.keyboard.press('F7');
    await page.keyboard.type('1.00');
    await page.keyboard.press('Enter');
    await dialog().getByTestId('approval-what').filter({ hasText: '€1.00 off the whole sale' }).waitFor();
    await dialog().getByRole('group', { name: 'Approving manager' }).getByRole('button', { name: 'Maria Manager' }).click();
    await page.keyboard.type('8642');
    await page.keyboard.press('Enter');
    await dialog().waitFor({ state: 'detached' });
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€2.40');
    expect(await page.getByTestId('approved-by').textContent()).toBe('Approved by Maria Manager');
    await payExactCash();
    await page.keyboard.press('Enter');

    await context.setOffline(false);
    await expect
      .poll(async () => (await audited('sales.sale.approved')).map((entry) => entry.detail), { timeout: 30_000 })
      .toEqual([
        expect.objectContaining({ approvedOn: 'kernel' }),
        expect.objectContaining({ approvedOn: 'kernel' }),
        expect.objectContaining({
          cashierId: cashier.cashierId,
          approverId: people['Maria Manager'],
          action: 'discount.sale',
          approvalId: null,
          approvedOn: 'till',
        }),
      ]);
    // Offline, nothing went through the kernel's step-up: two approvals there, the first two sales'.
    expect(await audited('auth.step_up.approved')).toHaveLength(2);
  });
});
