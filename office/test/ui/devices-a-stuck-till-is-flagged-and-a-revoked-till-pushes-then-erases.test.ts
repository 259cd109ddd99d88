import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, officeAdmin, openOffice } from '../../testing/office-browser.ts';
import { SHOP_PLUGINS } from '../../../testing/first-party-plugins.ts';
import { stockShelf } from '../../../till/test/ui/support/shop.ts';
import { launchChromium, signInOnTill, tillReady } from '../../../till/test/ui/support/till-browser.ts';

const SHOTS = fileURLToPath(new URL('../../../docs/screenshots/devices/', import.meta.url));
const CASHIER = { name: 'Cara Cashier', email: 'cara@shop.test', pin: '1357' };
const BREAD = { name: 'Flat Bread', sku: 'BAK-FLAT', barcode: '4006381333931', price: 320, quantity: 20 };
const DEVICES = '/api/v1/tenants/current/devices';

type Device = { id: string; name: string; version: string | null; revokedAt: string | null; lastSeenAt: string | null };

/**
 * The devices service in Chromium against a real kernel on PostgreSQL: the office's Devices page
 * flags a stuck till and a printer in error (and the home dashboard says so); a minimum till
 * version set there puts the update notice on an older till, which keeps selling and sends once
 * allowed; a till revoked from the office while offline sends the sale it holds when it is back,
 * then erases its local database.
 */
describe('devices: a stuck till is flagged; a revoked till pushes what it held, then erases', () => {
  let kit: TestKernel;
  let browser: Browser;
  let office: Page;
  let tillContext: BrowserContext;
  let till: Page;
  let url: string;
  let tillId = '';

  const devices = async () => (await kit.request<{ items: Device[] }>('GET', DEVICES)).body.items;
  const salesOf = async (deviceId: string) =>
    (
      await kit.kernel.db.query<{ n: number }>("select count(*)::int as n from sales.sales where device_id = $1 and status = 'completed'", [
        deviceId,
      ])
    )[0]!.n;
  const shoot = async (page: Page, name: string) => {
    const before = page.viewportSize();
    for (const size of [
      { width: 1280, height: 800 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(size);
      await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
      await page.screenshot({ path: `${SHOTS}${name}-${size.width}x${size.height}.png`, fullPage: true });
    }
    if (before) await page.setViewportSize(before);
  };
  const sellBread = async (on: Page = till) => {
    await on.keyboard.type(BREAD.barcode, { delay: 5 });
    await on.keyboard.press('Enter');
    await expect.poll(() => on.locator('[data-testid=cart] tr').count(), { timeout: 15_000 }).toBe(1);
    await on.keyboard.press('Enter');
    await on.getByTestId('tender').waitFor();
    await on.keyboard.press('Enter');
    await on.getByTestId('receipt').waitFor();
    await on.keyboard.press('Enter');
    await expect.poll(() => on.locator('[data-testid=cart] tr').count(), { timeout: 15_000 }).toBe(0);
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    url = await kit.kernel.listen();
    const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: 'Cashier', permissions: ['core-sales:checkout', 'core-sales:shift'] },
    });
    const cashier = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: CASHIER.email, displayName: CASHIER.name, pin: CASHIER.pin },
    });
    await kit.request('POST', `/api/v1/tenants/current/users/${cashier.body.id}/grants`, {
      body: { roleId: role.body.id, locationId: kit.tenant.locationId },
    });
    await stockShelf(kit, [BREAD]);
    browser = await launchChromium();
    office = await openOffice(browser, url, officeAdmin(kit.tenant), { width: 1280, height: 800 });
    // The till in Chromium, paired with the code the office makes for it.
    tillId = (await kit.request<{ id: string }>('POST', DEVICES, { body: { name: 'Front counter', locationId: kit.tenant.locationId } }))
      .body.id;
    const code = (await kit.request<{ code: string }>('POST', `${DEVICES}/${tillId}/pairing-code`)).body.code;
    tillContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    till = await tillContext.newPage();
    till.on('pageerror', (error) => console.error(`[till page error] ${error.message}`));
    await till.goto(`${url}/till/`);
    await till.fill('input[name=code]', code);
    await till.keyboard.press('Enter');
    await signInOnTill(till, CASHIER);
    await tillReady(till);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('the till in the browser sends heartbeats: its version shows in the office', async () => {
    await expect.poll(async () => (await devices()).find((d) => d.id === tillId)?.version, { timeout: 15_000 }).toBe('0.1.0');
  });

  it('flags a stuck till and a printer in error on the Devices page and on the home dashboard', async () => {
    // Another till, away from the browser: its heartbeat says 7 events wait and nothing synced for 15 minutes; its receipt printer is out of paper.
    const back = (await kit.request<{ id: string }>('POST', DEVICES, { body: { name: 'Back counter', locationId: kit.tenant.locationId } }))
      .body.id;
    const code = (await kit.request<{ code: string }>('POST', `${DEVICES}/${back}/pairing-code`)).body.code;
    const key = (await kit.request<{ deviceKey: string }>('POST', '/api/v1/auth/pair', { token: null, body: { code } })).body.deviceKey;
    const beat = await kit.request('POST', `${DEVICES}/current/heartbeat`, {
      token: null,
      headers: { authorization: `Device ${key}` },
      body: {
        version: '0.1.0',
        sinceLastSyncSeconds: 900,
        pendingEvents: 7,
        databaseBytes: 3_400_000,
        // Its receipt printer, named by its address with the model and firmware it answered (GS I): the kernel registers it.
        peripherals: [
          {
            kind: 'receipt-printer',
            name: 'Printer at 10.0.0.21:9100',
            address: '10.0.0.21:9100',
            model: 'TM-T88VI',
            version: '30.27 ESC/POS',
            state: 'error',
            message: 'Out of paper',
          },
        ],
      },
    });
    expect(beat.status).toBe(200);
    // A label printer added on the Devices page (a blank name is refused beside its field); it then reports "head open".
    await gotoOffice(office, url, '/devices');
    await office.getByRole('button', { name: 'Add a printer or reader' }).click();
    const dialog = office.getByRole('dialog', { name: 'Add a printer or reader' });
    await dialog.getByLabel('Kind').selectOption({ label: 'Label printer' });
    await dialog.getByRole('button', { name: 'Add' }).click();
    await dialog.getByRole('alert').first().waitFor();
    await dialog.getByLabel('Name').fill('Back room labels');
    await dialog.getByLabel('Model').fill('Zebra ZD421 (203 dpi)');
    await dialog.getByLabel('Address').fill('10.0.0.7:9100');
    await dialog.getByRole('button', { name: 'Add' }).click();
    await office
      .getByRole('row', { name: /Back room labels/ })
      .getByText('Not reported yet')
      .waitFor();
    const labels = (
      await kit.request<{ items: Array<Device & { kind: string; model: string; address: string }> }>('GET', `${DEVICES}?kind=label-printer`)
    ).body.items;
    expect(labels.map((d) => [d.name, d.model, d.address])).toEqual([['Back room labels', 'Zebra ZD421 (203 dpi)', '10.0.0.7:9100']]);
    await kit.request('PUT', `${DEVICES}/${labels[0]!.id}/status`, {
      body: { state: 'error', message: 'Head open', version: 'V84.20.18Z' },
    });

    await gotoOffice(office, url, '/devices');
    const stuck = office.getByRole('row', { name: /Back counter/ });
    await stuck.getByText('Sync stuck').waitFor();
    await stuck.getByText('7 events').waitFor();
    await office
      .getByRole('row', { name: /Back room labels/ })
      .getByText('Error')
      .waitFor();
    await office
      .getByRole('row', { name: /Front counter/ })
      .getByText('Online')
      .waitFor();
    const alerts = office.getByRole('list', { name: 'Device alerts' });
    await alerts.getByText(/7 events waiting to be sent/).waitFor();
    await alerts.getByText('Out of paper').waitFor();
    // The printer the till named is a device of its own, at the till's location, with its model and firmware.
    const printer = office.getByRole('row', { name: /Printer at 10\.0\.0\.21:9100/ });
    await printer.getByText('Receipt printer · TM-T88VI').waitFor();
    await printer.getByText('30.27 ESC/POS').waitFor();
    await printer.getByText('Error').waitFor();
    await alerts.getByText('Head open').waitFor();
    expect(await office.getByRole('row', { name: /Front counter/ }).textContent()).toMatch(/seconds? ago|now/);
    await shoot(office, 'devices');

    await gotoOffice(office, url, '/');
    const card = office.getByRole('list', { name: 'Device alerts' });
    await card
      .getByText(/Back counter/)
      .first()
      .waitFor();
    await shoot(office, 'dashboard-device-alerts');
  });

  it('a minimum version set on the Devices page puts the update notice on an older till; it sells, and sends once allowed', async () => {
    await gotoOffice(office, url, '/devices');
    const form = office.getByRole('form', { name: 'Minimum till version' });
    await form.getByLabel('Minimum version').fill('banana');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText(/not a version number/).waitFor();
    await form.getByLabel('Minimum version').fill('9.0.0');
    await form.getByRole('button', { name: 'Save' }).click();
    await office.getByText('Tills older than 9.0.0 are told to update.').waitFor();
    await office
      .getByRole('row', { name: /Front counter/ })
      .getByText('Needs an update')
      .waitFor();

    // The till starts again (its heartbeat goes at start): the notice shows; a sale is kept on the till.
    await till.reload();
    await signInOnTill(till, CASHIER);
    await tillReady(till);
    await till.getByTestId('update-required').filter({ hasText: '9.0.0 or newer' }).waitFor();
    const before = await salesOf(tillId);
    await sellBread();
    await till
      .getByTestId('waiting')
      .filter({ hasText: /[0-9]+ to send/ })
      .waitFor();
    await till.screenshot({ path: `${SHOTS}till-update-required-1280x800.png` });
    expect(await salesOf(tillId)).toBe(before);

    await form.getByLabel('Minimum version').fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await office.getByText('Any till version may send sales.').waitFor();
    await till.reload();
    await signInOnTill(till, CASHIER);
    await tillReady(till);
    await till.getByTestId('waiting').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await till.getByTestId('update-required').count()).toBe(0);
    expect(await salesOf(tillId)).toBe(before + 1);
  });

  it('revoked from the office while offline, the till sends the sale it held when it is back, then erases its data', async () => {
    await tillContext.setOffline(true);
    await till.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    const before = await salesOf(tillId);
    await sellBread();
    await till
      .getByTestId('waiting')
      .filter({ hasText: /[0-9]+ to send/ })
      .waitFor();

    await gotoOffice(office, url, '/devices');
    await office
      .getByRole('row', { name: /Front counter/ })
      .getByRole('button', { name: 'Revoke Front counter' })
      .click();
    const confirm = office.getByRole('dialog', { name: 'Revoke Front counter?' });
    await confirm.getByText(/sends the sales it still holds, then erases its data/).waitFor();
    await confirm.getByRole('button', { name: 'Revoke till' }).click();
    await office
      .getByRole('row', { name: /Front counter/ })
      .getByText('Revoked')
      .waitFor();
    expect((await devices()).find((d) => d.id === tillId)!.revokedAt).not.toBeNull();

    await tillContext.setOffline(false);
    const notice = till.getByTestId('till-revoked');
    await notice.getByText(/its data has been erased/).waitFor({ timeout: 60_000 });
    await till.screenshot({ path: `${SHOTS}till-revoked-and-erased-1280x800.png` });
    expect(await salesOf(tillId)).toBe(before + 1);
    // The local database is gone, and the pairing with it.
    const left = () =>
      till.evaluate(async (deviceId) => {
        const databases = (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.includes(deviceId));
        const kept = Object.keys(localStorage).filter((key) => key === 'kits.till.device' || key.includes(deviceId));
        return { databases, kept };
      }, tillId);
    await expect.poll(left, { timeout: 10_000 }).toEqual({ databases: [], kept: [] });
    await notice.getByRole('button', { name: 'Pair this computer again' }).click();
    await till.locator('input[name=code]').waitFor();
  });

  it('revoked while it waits at the sign-in screen, the till sends what it held once back online, then erases its data', async () => {
    const side = (await kit.request<{ id: string }>('POST', DEVICES, { body: { name: 'Side counter', locationId: kit.tenant.locationId } }))
      .body.id;
    const code = (await kit.request<{ code: string }>('POST', `${DEVICES}/${side}/pairing-code`)).body.code;
    const sideContext = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const sideTill = await sideContext.newPage();
    await sideTill.goto(`${url}/till/`);
    await sideTill.fill('input[name=code]', code);
    await sideTill.keyboard.press('Enter');
    await signInOnTill(sideTill, CASHIER);
    await tillReady(sideTill);
    // A sale kept offline, then the cashier signs out: the till waits at the sign-in screen.
    await sideContext.setOffline(true);
    await sideTill.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    const before = await salesOf(side);
    await sellBread(sideTill);
    await sideTill.getByRole('button', { name: 'Lock' }).click();
    await sideTill.getByRole('button', { name: /Sign out/ }).click();
    expect((await kit.request('POST', `${DEVICES}/${side}/revoke`)).status).toBe(200);

    // Back online at the sign-in screen, nobody signing in: its heartbeat meets the revocation; it sends its sale, then erases.
    await sideContext.setOffline(false);
    await sideTill
      .getByTestId('till-revoked')
      .getByText(/its data has been erased/)
      .waitFor({ timeout: 60_000 });
    expect(await salesOf(side)).toBe(before + 1);
    const left = await sideTill.evaluate(async (deviceId) => {
      const databases = (await indexedDB.databases()).map((d) => d.name ?? '').filter((name) => name.includes(deviceId));
      const kept = Object.keys(localStorage).filter((key) => key === 'kits.till.device' || key.includes(deviceId));
      return { databases, kept };
    }, side);
    expect(left).toEqual({ databases: [], kept: [] });
    await sideContext.close();
  });
});
