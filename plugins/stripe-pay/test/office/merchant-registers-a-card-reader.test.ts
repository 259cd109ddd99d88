import { launchChromium, OFFICE_SIZES, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stripeKit, webhookPath, type StripeKit } from '../support.ts';

// A merchant sets up card payments in the back office: copies the webhook URL for Stripe, registers
// a reader with the code it shows (the first one of the store with its address), pairs it with a
// till and removes it. Every step is checked in the page AND in what the API and Stripe (the double) hold.

type Readers = {
  items: Array<{ id: string; label: string; deviceId: string | null; deviceType: string; softwareVersion: string | null }>;
};

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('a merchant registers a card reader in the back office (postgres, Chromium)', () => {
  let s: StripeKit;
  let url: string;
  let browser: Browser;
  let page: Page;
  let tillName: string;
  let tillId: string;
  const readers = async () => (await s.kit.request<Readers>('GET', '/api/v1/stripe-pay/readers')).body.items;
  const dialog = () => page.getByRole('dialog');

  beforeAll(async () => {
    s = await stripeKit('postgres');
    url = s.url;
    const till = await s.kit.signInTill();
    tillId = till.deviceId;
    const devices = await s.kit.request<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/tenants/current/devices');
    tillName = devices.body.items.find((d) => d.id === till.deviceId)!.name;
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(s.kit.tenant));
  });
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('shows the webhook URL to paste into Stripe, and an empty list', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Card readers', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Card readers', exact: true }).waitFor();
    await page.getByText('No card readers yet').waitFor();
    expect(await page.getByTestId('webhook-url').textContent()).toBe(`${url}${webhookPath(s.kit.tenant.id)}`);
    await shootOffice(page, 'stripe-pay-card-readers-empty');
  });

  it('registers a reader: a missing code is shown in the dialog and writes nothing; then the reader is registered at Stripe', async () => {
    await page.getByRole('button', { name: 'Register a reader' }).first().click();
    await dialog().waitFor();
    await dialog().getByLabel('Name').fill('Front-1');
    await dialog().getByRole('button', { name: 'Register reader' }).click();
    await dialog().getByRole('alert').first().waitFor();
    expect(await readers()).toEqual([]);
    expect(s.double.requests).toHaveLength(0);

    await dialog().getByLabel('Registration code').fill('simulated-wpe');
    await dialog().getByLabel('Street').fill('12 Market Square');
    await dialog().getByLabel('Postal code').fill('10115');
    await dialog().getByLabel('City').fill('Berlin');
    await dialog().getByLabel('Country').fill('de');
    await dialog().getByLabel('Paired till').selectOption({ label: tillName });
    await shootOffice(page, 'stripe-pay-register-reader-dialog');
    await dialog().getByRole('button', { name: 'Register reader' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Card readers at Main Street Store' }).getByText('Front-1').waitFor();

    const [reader] = await readers();
    expect(reader).toMatchObject({ label: 'Front-1', deviceId: tillId });
    expect(s.double.reader(reader!.id)).toMatchObject({ label: 'Front-1', device_type: 'simulated_wisepos_e' });
    const location = s.double.requests.find((r) => r.path === '/v1/terminal/locations')!;
    expect(location.params).toMatchObject({ address: { line1: '12 Market Square', country: 'DE', city: 'Berlin' } });
    await page.getByRole('grid').getByText(tillName).waitFor();
    // Under its name, the reader's model and the software it reported to Stripe when it was registered.
    expect(reader).toMatchObject({ deviceType: 'simulated_wisepos_e', softwareVersion: '2.30.0.0' });
    const detail = page
      .getByRole('grid', { name: 'Card readers at Main Street Store' })
      .getByText('Simulated WisePOS E · software 2.30.0.0');
    await detail.waitFor();
    expect(await detail.isVisible()).toBe(true);
    // Whole, not cut short with an ellipsis, on the tablet too.
    for (const size of OFFICE_SIZES) {
      await page.setViewportSize(size);
      expect(await detail.evaluate((line) => line.scrollWidth <= line.clientWidth), `at ${size.width}×${size.height}`).toBe(true);
    }
    await page.setViewportSize(OFFICE_SIZES[0]);
    await shootOffice(page, 'stripe-pay-card-readers');
  });

  it('unpairs the till and renames the reader, then removes it', async () => {
    await page.getByRole('button', { name: 'Change' }).click();
    await dialog().waitFor();
    await dialog().getByLabel('Name').fill('Counter-1');
    await dialog().getByLabel('Paired till').selectOption({ label: 'Any till of the location' });
    await dialog().getByRole('button', { name: 'Save reader' }).click();
    await dialog().waitFor({ state: 'detached' });
    await until(async () => (await readers())[0]?.label === 'Counter-1', 'the rename');
    expect((await readers())[0]).toMatchObject({ label: 'Counter-1', deviceId: null });
    await page.getByRole('grid').getByText('Counter-1').waitFor();

    const id = (await readers())[0]!.id;
    await page.getByRole('button', { name: 'Remove' }).click();
    await dialog().getByRole('button', { name: 'Remove reader' }).click();
    await page.getByText('No card readers yet').waitFor();
    expect(await readers()).toEqual([]);
    expect(s.double.reader(id)).toBeUndefined();
  });
});
