import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { launchChromium, officeAdmin, openOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import {
  addRule,
  API,
  INVENTORY,
  NOTIFICATIONS,
  smtpSettings,
  startMailbox,
  until,
  withoutStarterRules,
  type Mailbox,
} from '../support.ts';
import { shoot } from './shoot.ts';

// A manager in the back office (Chromium): the bell counts what is unread, the centre lists it,
// marks it read and opens the page it points at; the settings page adds a rule (refusing a bad
// address beside its field), sends a test email through a real SMTP server, and shows web push
// on or off in this browser once notifications are allowed.

describe('notifications in the back office (postgres, Chromium)', () => {
  let kit: TestKernel;
  let url: string;
  let browser: Browser;
  let page: Page;
  let mailbox: Mailbox;
  let productId: string;

  const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name }).waitFor();
  const bell = () => page.getByRole('link', { name: /^Notifications/ }).first();

  beforeAll(async () => {
    mailbox = await startMailbox();
    kit = await withoutStarterRules(
      await createTestKernel({
        plugins: [INVENTORY, NOTIFICATIONS],
        db: 'postgres',
        settings: { notifications: smtpSettings(mailbox) },
      }),
    );
    url = await kit.kernel.listen();
    await addRule(kit, {
      kind: 'low-stock',
      recipients: ['manager@shop.example'],
      quietHours: { start: '22:00', end: '07:00' },
      push: true,
    });
    await addRule(kit, { kind: 'till-stuck', digest: true, recipients: ['it@shop.example'] });
    for (const [name, stock] of [
      ['Oat Milk Barista 1L', 9],
      ['Quince Jam 340g', 7],
    ] as const) {
      const item = await shelveVariant(kit, { name, price: 299, stock });
      productId ??= item.productId;
      await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
        body: { locationId: kit.tenant.locationId, variantId: item.variantId, reorderPoint: 6, reorderMax: 20 },
      });
      await kit.request('POST', '/api/v1/core-inventory/stock/adjust', {
        body: { locationId: kit.tenant.locationId, variantId: item.variantId, quantity: -5, reason: 'Breakage' },
      });
    }
    await until(
      async () => (await kit.request<{ unread: number }>('GET', `${API}/notifications/unread-count`)).body.unread === 2,
      'two notifications',
    );
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant), { width: 1280, height: 800 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
    await mailbox?.close();
  });

  it('the bell shows the unread count and opens the centre, where notifications are read and opened', async () => {
    await page.getByTestId('notification-count').waitFor();
    expect(await page.getByTestId('notification-count').textContent()).toBe('2');
    await bell().click();
    await heading('Notifications');
    await page.getByRole('row', { name: /Low stock: Oat Milk Barista 1L/ }).waitFor();
    await page.getByRole('row', { name: /Low stock: Quince Jam 340g/ }).waitFor();
    await shoot(page, 'centre');

    await page
      .getByRole('row', { name: /Quince Jam/ })
      .getByRole('button', { name: 'Mark read' })
      .click();
    await until(async () => (await page.getByTestId('notification-count').textContent()) === '1', 'the bell to count 1');
    await page.getByRole('row', { name: /Quince Jam/ }).waitFor({ state: 'detached' });
    await page.getByRole('tab', { name: 'All' }).click();
    await page.getByRole('row', { name: /Quince Jam/ }).waitFor();

    await page
      .getByRole('row', { name: /Oat Milk Barista/ })
      .getByRole('button', { name: 'Open' })
      .click();
    await page.waitForURL(`**/office/core-inventory/products/${productId}`);
    await page.getByTestId('notification-count').waitFor({ state: 'detached' });
    expect((await kit.request<{ unread: number }>('GET', `${API}/notifications/unread-count`)).body.unread).toBe(0);
  });

  it('the settings page adds a rule, refusing a bad address beside its field', async () => {
    await page.goto(`${url}/office/notifications/settings`);
    await heading('Notification settings');
    await page.getByRole('row', { name: /Low stock/ }).waitFor();
    await page.getByRole('row', { name: /Till stuck/ }).waitFor();
    await shoot(page, 'settings');

    await page.getByRole('button', { name: 'Add rule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add notification rule' });
    await dialog.getByLabel('Notify about').selectOption('sync-conflicts');
    await dialog.getByLabel('Above (%)').fill('10');
    await dialog.getByLabel('Email to').fill('owner@shop.example\nnot-an-address');
    await dialog.getByLabel('Quiet hours: hold emails and pushes, send them after').check();
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.getByText('“not-an-address” is not an email address.').waitFor();
    await shoot(page, 'rule-dialog');
    const before = await kit.request<{ items: unknown[] }>('GET', `${API}/rules`);
    expect(before.body.items).toHaveLength(2);

    await dialog.getByLabel('Email to').fill('owner@shop.example');
    await dialog.getByRole('button', { name: 'Add rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Offline conflicts/ }).waitFor();
    const rules = await kit.request<{ items: Array<{ kind: string; params: unknown; recipients: string[]; quietHours: unknown }> }>(
      'GET',
      `${API}/rules`,
    );
    expect(rules.body.items.find((r) => r.kind === 'sync-conflicts')).toMatchObject({
      params: { thresholdPercent: 10, minEvents: 20 },
      recipients: ['owner@shop.example'],
      quietHours: { start: '22:00', end: '07:00' },
    });
  });

  it('a test email goes through the SMTP settings', async () => {
    await page.getByLabel('Send a test email to').fill('me@shop.example');
    await page.getByRole('button', { name: 'Send test email' }).click();
    await until(async () => mailbox.messages.some((m) => m.subject === 'KiTS test email'), 'the test email');
    await page.getByText('Test email sent to me@shop.example').waitFor();
  });

  it('web push shows off, then — notifications allowed — the browser’s answer when turned on', async () => {
    await page.getByTestId('push-state').getByText('Off in this browser').waitFor();
    await page.context().grantPermissions(['notifications'], { origin: url });
    await page.reload();
    await heading('Notification settings');
    await page.getByText('Notifications are allowed for this site; turn push on to receive them here.').waitFor();
    await page.getByRole('button', { name: 'Turn on push' }).click();
    // Headless Chromium has no push service to subscribe with: the page says so and stays off;
    // a browser that has one shows "On in this browser" (the subscription is then stored: see the server test).
    await until(
      async () =>
        (await page.getByTestId('push-state').textContent())?.includes('On in this browser') ||
        (await page.getByText(/the browser’s push service refused/).count()) > 0,
      'the push state after turning it on',
    );
    const state = await page.getByTestId('push-state').textContent();
    const subscriptions = await kit.kernel.db.query('select endpoint from notifications.push_subscriptions');
    expect(subscriptions).toHaveLength(state?.includes('On in this browser') ? 1 : 0);
    await shoot(page, 'settings-push');
  });
});
