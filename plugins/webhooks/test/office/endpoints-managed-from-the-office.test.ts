import type { TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import { eventually } from '@kits/plugin-sdk/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changeProduct, deliveries, startDns, startReceiver, verifies, webhookKit, type Receiver, type TestDns } from '../support.ts';
import { shoot } from './shoot.ts';

// A merchant adds a webhook endpoint in the back office (Chromium): picks events from the
// catalogue, copies the secret shown once, watches the delivery log fill, opens a delivery,
// replays it and a time range, and rotates the secret — against a real receiver.

describe('webhook endpoints in the back office (postgres, Chromium)', () => {
  let dns: TestDns;
  let kit: TestKernel;
  let receiver: Receiver;
  let url: string;
  let browser: Browser;
  let page: Page;
  let secret: string;
  let endpointId: string;

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();

  beforeAll(async () => {
    dns = await startDns();
    receiver = await startReceiver();
    kit = await webhookKit('postgres', dns);
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant), { width: 1280, height: 800 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
    await receiver?.close();
    await dns?.close();
  });

  it('adds an endpoint with events from the catalogue and shows its secret once', async () => {
    await gotoOffice(page, url, '/webhooks/endpoints');
    await heading('Webhooks');
    await page.getByText('No endpoint yet').waitFor();
    await shoot(page, 'list-empty');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await heading('New webhook endpoint');
    await page.getByRole('textbox', { name: /^URL/ }).fill(receiver.url('/from-office'));
    await page.getByRole('textbox', { name: 'Description' }).fill('Warehouse system');
    await page.getByLabel(/^inventory\.\* — every inventory event/).check();
    // A type under the wildcard is ticked with it and cannot be unticked alone.
    expect(await page.getByLabel(/^inventory\.stock\.moved/).isChecked()).toBe(true);
    expect(await page.getByLabel(/^inventory\.stock\.moved/).isDisabled()).toBe(true);
    await shoot(page, 'endpoint-form');

    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    await dialog.waitFor();
    secret = await dialog.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shoot(page, 'secret-shown-once', { fullPage: false });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await heading('Warehouse system');
    endpointId = page.url().split('/').at(-1)!;
    const saved = await kit.request<{ eventTypes: string[]; description: string }>('GET', `/api/v1/webhooks/endpoints/${endpointId}`);
    expect(saved.body).toMatchObject({ eventTypes: ['inventory.*'], description: 'Warehouse system' });
  });

  it('refuses a bad URL beside its field', async () => {
    await gotoOffice(page, url, '/webhooks/endpoints/new');
    await heading('New webhook endpoint');
    await page.getByRole('textbox', { name: /^URL/ }).fill('http://169.254.169.254/latest/meta-data');
    await page.getByLabel(/^\* — every event/).check();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByText(/^169\.254\.169\.254 is a loopback, private, link-local/).waitFor();
    await shoot(page, 'endpoint-form-refused');
    const list = await kit.request<{ items: unknown[] }>('GET', '/api/v1/webhooks/endpoints');
    expect(list.body.items).toHaveLength(1);
  });

  it('shows the delivery log, opens a delivery and replays it and a time range', async () => {
    await changeProduct(kit, 'Office webhook item');
    await eventually(
      () => deliveries(kit, endpointId),
      (items) => items.some((d) => d.state === 'succeeded'),
    );
    const got = receiver.received.filter((r) => r.path === '/from-office');
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(verifies(secret, got[0]!.headers, got[0]!.body)).toBe(true);

    await gotoOffice(page, url, `/webhooks/endpoints/${endpointId}`);
    await page
      .getByRole('row', { name: /inventory\.product\.changed/ })
      .first()
      .waitFor();
    await page
      .getByRole('row', { name: /Delivered/ })
      .first()
      .waitFor();
    await shoot(page, 'endpoint-detail');

    await page
      .getByRole('row', { name: /inventory\.product\.changed/ })
      .first()
      .click();
    const dialog = page.getByRole('dialog', { name: 'inventory.product.changed' });
    await dialog.getByText('Response body (first KiB)').first().waitFor();
    await shoot(page, 'delivery', { fullPage: false });
    const before = receiver.received.length;
    await dialog.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Delivery queued again').waitFor();
    await eventually(
      async () => receiver.received.length,
      (n) => n > before,
    );
    expect(receiver.received.at(-1)!.headers['webhook-id']).toBe(got[0]!.headers['webhook-id']);

    await page.getByRole('button', { name: 'Replay a time range' }).click();
    const range = page.getByRole('dialog', { name: 'Replay a time range' });
    await range.waitFor();
    await shoot(page, 'replay-range', { fullPage: false });
    await range.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('1 delivery queued again').waitFor();
    const replays = (await deliveries(kit, endpointId)).filter((d) => d.replayOf !== null);
    expect(replays.length).toBeGreaterThanOrEqual(2);
  });

  it('rotates the secret: the new one is shown once and both sign for a day', async () => {
    await gotoOffice(page, url, `/webhooks/endpoints/${endpointId}`);
    await heading('Warehouse system');
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Signing secret' });
    await dialog.waitFor();
    const rotated = await dialog.getByLabel('Secret').inputValue();
    expect(rotated).not.toBe(secret);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByText(/the previous one signs too until/).waitFor();

    const before = receiver.received.length;
    await page.getByRole('button', { name: 'Send test' }).click();
    const ping = (
      await eventually(
        async () => receiver.received,
        (r) => r.length > before,
      )
    ).at(-1)!;
    expect(JSON.parse(ping.body)).toMatchObject({ type: 'webhooks.endpoint.ping' });
    expect(verifies(secret, ping.headers, ping.body)).toBe(true);
    expect(verifies(rotated, ping.headers, ping.body)).toBe(true);
    await gotoOffice(page, url, '/webhooks/endpoints');
    await page.getByRole('row', { name: /from-office/ }).waitFor();
    await shoot(page, 'list');
  });
});
