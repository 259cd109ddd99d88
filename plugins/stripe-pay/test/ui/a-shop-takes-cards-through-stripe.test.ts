import { mkdirSync } from 'node:fs';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstPartyPlugin, SHOP_PLUGINS } from '../../../../testing/first-party-plugins.ts';
import { stockShelf } from '../../../../till/test/ui/support/shop.ts';
import { pairTestTill, SCREENSHOTS } from '../../../../till/test/ui/support/till-browser.ts';
import { startStripeDouble, type StripeDouble } from '../stripe-double/server.ts';
import { STRIPE_WEBHOOK_EVENTS } from '../../src/shared/webhook-events.ts';
import { API_KEY, DECLINE_CARDS, presentCard, WEBHOOK_SECRET, webhookPath } from '../support.ts';

const MUG = '4006381333931';
const COASTER = '4006381333948';
/** What the receipt prints under the card tender: Stripe's authorization code is the reader's, six digits. */
const CARD_LINE = /^Visa •••• 4242 {2}Auth \d{6}$/;

type Tender = { method: string; amount: number; paymentId: string | null; paymentState: string | null; card: { last4: string } | null };
type Sale = { id: string; receiptNumber: number; total: number; refunded: number; tenders: Tender[] };

/**
 * A shop takes cards through Stripe, end to end: the merchant enables Stripe card payments from the
 * marketplace and registers reader Front-1 for the till in the back office; the cashier sells on
 * the till in Chromium (a declined card, another try approved; a split with cash); Stripe (the
 * double, which signs webhooks to the kernel over a socket) captures each intent once; the
 * merchant refunds part of the card sale to the card from the sale's page.
 */
describe('a shop takes cards through Stripe (postgres, Chromium, Stripe double)', () => {
  let double: StripeDouble;
  let kit: TestKernel;
  let url: string;
  let till: TestTill;
  let browser: Browser;
  let office: Page;
  let page: Page;
  let readerId: string;
  let cardSale: Sale;
  let splitSale: Sale;

  const card = () => page.getByTestId('card-payment');
  /** The till's card panel reaches `state` (`waiting`, `declined`, …); a failure names where it was. */
  const cardIn = (state: string) =>
    expect
      .poll(
        async () =>
          (await card().count()) === 0 ? 'no card panel' : `${await card().getAttribute('data-state')}: ${await card().textContent()}`,
        { timeout: 20_000 },
      )
      .toMatch(new RegExp(`^${state}: `));
  const scan = async (barcode: string, lines: number) => {
    await page.keyboard.type(barcode, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=cart] tr').count()).toBe(lines);
  };
  const nextSale = async () => {
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
  };
  const shootTill = async (name: string) => {
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: `${SCREENSHOTS}till/stripe-pay-${name}-1024x768.png` });
  };
  /** The till's sale with that receipt number, once its push agent has sent it and the server took it. */
  const saleOf = async (receiptNumber: number): Promise<Sale> => {
    let found: Sale | undefined;
    await expect
      .poll(
        async () => {
          const list = await kit.request<{ items: Array<{ id: string; receiptNumber: number; deviceId: string }> }>(
            'GET',
            '/api/v1/core-sales/sales?limit=50',
          );
          const summary = list.body.items.find((s) => s.deviceId === till.deviceId && s.receiptNumber === receiptNumber);
          found = summary ? (await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${summary.id}`)).body : undefined;
          return found?.id;
        },
        { timeout: 20_000 },
      )
      .toBeTruthy();
    return found!;
  };
  const intentsCreated = () => double.events.filter((e) => e.type === 'payment_intent.created').map((e) => e.data.object.id);
  const captures = (paymentId: string) => double.requests.filter((r) => r.path === `/v1/payment_intents/${paymentId}/capture`);

  beforeAll(async () => {
    double = await startStripeDouble({ apiKey: API_KEY });
    // One kernel with the real plugins, listening: the till and the office reach it over HTTP, Stripe's webhooks too.
    const stripePay = firstPartyPlugin('stripe-pay');
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS, stripePay], db: 'postgres', enable: false });
    for (const plugin of ['core-inventory', 'core-sales']) {
      const enabled = await kit.request('POST', `/api/v1/plugins/${plugin}/enable`, { body: { version: '1.0.0' } });
      if (enabled.status !== 200) throw new Error(`enable ${plugin}: ${enabled.status} ${JSON.stringify(enabled.body)}`);
    }
    url = await kit.kernel.listen();
    // The endpoint as the Card readers page tells the merchant to add it: the events stripe-pay asks for.
    double.setWebhook({ url: `${url}${webhookPath(kit.tenant.id)}`, secret: WEBHOOK_SECRET, enabledEvents: STRIPE_WEBHOOK_EVENTS });
    await stockShelf(kit, [
      { name: 'Ceramic Mug Black', sku: 'MUG-BLK', barcode: MUG, price: 1250, quantity: 20 },
      { name: 'Cork Coaster', sku: 'CORK-1', barcode: COASTER, price: 400, quantity: 20 },
    ]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    browser = await launchChromium();
    mkdirSync(`${SCREENSHOTS}till`, { recursive: true });
    office = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
    await double?.close();
  });

  it('the merchant enables Stripe card payments from the marketplace with its keys; the secrets are never shown back', async () => {
    await office.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Marketplace', exact: true }).click();
    await office
      .getByTestId('marketplace-results')
      .getByRole('link', { name: /Stripe card payments/ })
      .click();
    await office.getByRole('heading', { name: 'Stripe card payments' }).waitFor();
    await office.getByRole('button', { name: 'Install…' }).click();
    const dialog = office.getByRole('dialog', { name: 'Install Stripe card payments 1.0.0?' });
    const form = dialog.getByRole('form', { name: 'Plugin settings' });
    await form.getByLabel('API key').fill(API_KEY);
    await form.getByLabel('Webhook signing secret').fill(WEBHOOK_SECRET);
    await form.getByLabel('API base URL').fill(double.url);
    expect(await form.getByLabel('API key').getAttribute('type')).toBe('password');
    expect(await form.getByLabel('Webhook signing secret').getAttribute('type')).toBe('password');
    await shootOffice(office, 'stripe-pay-journey-marketplace-form');
    await dialog.getByRole('button', { name: 'Install and enable' }).click();
    await expect.poll(() => office.getByTestId('plugin-state').textContent(), { timeout: 15_000 }).toBe('Enabled · 1.0.0');

    // The settings card shows the base back, and of the secrets only that they are set.
    const settings = office.getByRole('form', { name: 'Plugin settings' });
    expect(await settings.getByLabel('API base URL').inputValue()).toBe(double.url);
    expect(await settings.getByLabel('API key').inputValue()).toBe('');
    expect(await settings.getByLabel('Webhook signing secret').inputValue()).toBe('');
    expect(await office.getByTestId('secrets-set').textContent()).toContain('API key, Webhook signing secret');
    const html = await office.content();
    expect(html).not.toContain(API_KEY);
    expect(html).not.toContain(WEBHOOK_SECRET);
    const [install] = await kit.kernel.db.query<{ settings: string }>(
      `select settings::text as settings from kernel.plugin_installs where tenant_id = $1 and plugin_id = 'stripe-pay' and enabled`,
      [kit.tenant.id],
    );
    expect(install!.settings).not.toContain(API_KEY);
    expect(install!.settings).not.toContain(WEBHOOK_SECRET);
    // Nothing was asked of Stripe yet.
    expect(double.requests).toEqual([]);
  });

  it('registers reader "Front-1" at the store with the code it shows, paired with the till', async () => {
    // The plugin enabled a moment ago brings its page into the office's navigation (Settings → Card readers).
    const cardReaders = office.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Card readers', exact: true });
    await expect
      .poll(() => cardReaders.count(), { timeout: 10_000, message: 'the office has no "Card readers" link for the plugin just enabled' })
      .toBe(1);
    await cardReaders.click();
    await office.getByRole('heading', { level: 1, name: 'Card readers', exact: true }).waitFor();
    expect(await office.getByTestId('webhook-url').textContent()).toBe(`${url}${webhookPath(kit.tenant.id)}`);
    await office.getByRole('button', { name: 'Register a reader' }).first().click();
    const dialog = office.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Front-1');
    await dialog.getByLabel('Registration code').fill('simulated-wpe');
    await dialog.getByLabel('Street').fill('12 Market Square');
    await dialog.getByLabel('Postal code').fill('10115');
    await dialog.getByLabel('City').fill('Berlin');
    await dialog.getByLabel('Country').fill('DE');
    const devices = await kit.request<{ items: Array<{ id: string; name: string }> }>('GET', '/api/v1/tenants/current/devices');
    await dialog.getByLabel('Paired till').selectOption({ label: devices.body.items.find((d) => d.id === till.deviceId)!.name });
    await dialog.getByRole('button', { name: 'Register reader' }).click();
    await dialog.waitFor({ state: 'detached' });
    await office.getByRole('grid', { name: 'Card readers at Main Street Store' }).getByText('Front-1').waitFor();

    const readers = await kit.request<{ items: Array<{ id: string; label: string; deviceId: string | null; locationId: string }> }>(
      'GET',
      '/api/v1/stripe-pay/readers',
    );
    expect(readers.body.items).toEqual([
      expect.objectContaining({ label: 'Front-1', deviceId: till.deviceId, locationId: kit.tenant.locationId }),
    ]);
    readerId = readers.body.items[0]!.id;
    expect(double.reader(readerId)).toMatchObject({ label: 'Front-1', device_type: 'simulated_wisepos_e', status: 'online' });
  });

  it('the cashier charges a card on Front-1: declined for insufficient funds, Try again, approved; the receipt names the card', async () => {
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await pairTestTill(page, kit, url, till);
    await scan(MUG, 1);
    await scan(COASTER, 2);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    expect(await page.getByRole('button', { name: /^Card/ }).textContent()).toBe('Card €16.50 (F9)');

    await page.keyboard.press('F9');
    await cardIn('waiting');
    expect(await page.getByTestId('card-action').textContent()).toBe('Present card on reader Front-1');
    const [declinedId] = intentsCreated();
    expect(double.reader(readerId)!.action).toMatchObject({
      status: 'in_progress',
      process_payment_intent: { payment_intent: declinedId },
    });

    // The customer taps a card without the funds on the reader (Stripe's test helper, as its docs use it).
    await presentCard(double, readerId, DECLINE_CARDS.insufficientFunds);
    await cardIn('declined');
    expect(await card().textContent()).toContain('Declined: Insufficient funds — ask for another card or another way to pay.');
    await page.getByRole('button', { name: /Try again/ }).waitFor();
    await shootTill('declined');

    await page.getByRole('button', { name: /Try again/ }).click();
    await cardIn('waiting');
    expect(intentsCreated()).toHaveLength(2);
    await presentCard(double, readerId);
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('receipt-card').textContent()).toMatch(CARD_LINE);
    await shootTill('approved-receipt');
    await nextSale();

    cardSale = await saleOf(1);
    expect(cardSale.total).toBe(1650);
    expect(cardSale.tenders).toEqual([expect.objectContaining({ method: 'card', amount: 1650, paymentId: intentsCreated()[1] })]);
  });

  it('a split sale: €5.00 in cash, then the card for the rest', async () => {
    await scan(MUG, 1);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.getByLabel('Cash handed over').fill('5');
    await page.keyboard.press('Enter');
    await page.getByTestId('tendered').filter({ hasText: 'Cash' }).waitFor();
    expect(await page.getByRole('button', { name: /^Card/ }).textContent()).toBe('Card €7.50 (F9)');
    await page.keyboard.press('F9');
    await cardIn('waiting');
    await presentCard(double, readerId);
    await page.getByTestId('receipt').waitFor();
    expect(await page.locator('.receipt-tenders').textContent()).toMatch(/Cash€5\.00Card€7\.50Visa •••• 4242 {2}Auth \d{6}/);
    await nextSale();

    splitSale = await saleOf(2);
    expect(splitSale.tenders).toEqual([
      expect.objectContaining({ method: 'cash', amount: 500, paymentId: null }),
      expect.objectContaining({ method: 'card', amount: 750, paymentId: intentsCreated()[2] }),
    ]);
  });

  it("on Stripe's side each approved intent is captured once after its sale, the declined one holds nothing, every webhook was answered 2xx", async () => {
    const [declined, approved, split] = intentsCreated();
    expect(intentsCreated()).toHaveLength(3);
    await expect.poll(() => double.paymentIntent(approved!)?.status, { timeout: 20_000 }).toBe('succeeded');
    await expect.poll(() => double.paymentIntent(split!)?.status, { timeout: 20_000 }).toBe('succeeded');
    expect(double.paymentIntent(approved!)).toMatchObject({
      amount: 1650,
      amount_received: 1650,
      amount_capturable: 0,
      capture_method: 'manual',
    });
    expect(double.paymentIntent(split!)).toMatchObject({ amount: 750, amount_received: 750, amount_capturable: 0 });
    expect(double.paymentIntent(declined!)).toMatchObject({
      amount: 1650,
      status: 'requires_payment_method',
      amount_capturable: 0,
      amount_received: 0,
      latest_charge: null,
      last_payment_error: expect.objectContaining({ decline_code: 'insufficient_funds' }),
    });
    for (const [id, saleId] of [
      [approved!, cardSale.id],
      [split!, splitSale.id],
    ] as const) {
      expect(double.paymentIntent(id)!.metadata).toMatchObject({ kits_tenant: kit.tenant.id, kits_sale: saleId });
      expect(captures(id).map((r) => r.status)).toEqual([200]);
    }
    expect(captures(declined!)).toEqual([]);
    // core-sales heard the captures too.
    await expect
      .poll(async () => (await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${splitSale.id}`)).body.tenders[1]?.paymentState, {
        timeout: 20_000,
      })
      .toBe('captured');

    await double.webhooksDelivered();
    expect(new Set(double.events.map((e) => e.type))).toEqual(
      new Set([
        'payment_intent.created',
        'payment_intent.payment_failed',
        'terminal.reader.action_failed',
        'charge.succeeded',
        'payment_intent.amount_capturable_updated',
        'terminal.reader.action_succeeded',
        'payment_intent.succeeded',
      ]),
    );
    // Stripe sent what the endpoint asked for, and each was answered 2xx.
    const sent = double.events.filter((e) => (STRIPE_WEBHOOK_EVENTS as readonly string[]).includes(e.type));
    expect(double.deliveries.map((d) => d.eventId)).toEqual(sent.map((e) => e.id));
    expect(double.deliveries.filter((d) => d.status < 200 || d.status >= 300)).toEqual([]);
    // The taps (with their cards) and the decline changed a payment and were recorded; the reader's
    // failure after the decline said nothing new. payment_intent.succeeded repeats the capture's own
    // answer — recorded only when it overtook that answer (it is sent while the capture is made).
    const ids = (types: readonly string[]) => sent.filter((e) => types.includes(e.type)).map((e) => e.id);
    const news = ids(['charge.succeeded', 'payment_intent.payment_failed']);
    const taken = (await kit.kernel.db.query<{ event_id: string }>('select event_id from stripe_pay.webhook_events'))
      .map((row) => row.event_id)
      .filter((id) => sent.some((e) => e.id === id));
    expect(taken).toEqual(expect.arrayContaining(news));
    expect(taken.filter((id) => !news.includes(id)).every((id) => ids(['payment_intent.succeeded']).includes(id))).toBe(true);
  });

  it("the merchant refunds part of the card sale to the card from the sale's page; Stripe refunds that much on that intent", async () => {
    const paymentId = cardSale.tenders[0]!.paymentId!;
    await gotoOffice(office, url, `/core-sales/sales/${cardSale.id}`);
    await office.getByRole('heading', { name: `Receipt ${cardSale.receiptNumber}` }).waitFor();
    const payments = office.locator('.k-card', { hasText: 'Payments' });
    await payments.getByText('Captured', { exact: true }).waitFor();

    await office.getByRole('button', { name: 'Refund items…' }).click();
    const dialog = office.getByRole('dialog', { name: `Refund from receipt ${cardSale.receiptNumber}` });
    await dialog.getByLabel('Cork Coaster — quantity to refund').fill('1');
    await dialog.getByLabel('Reason').fill('Chipped');
    await dialog.getByLabel('Give the money back as').selectOption({ label: 'Card' });
    await dialog.getByRole('button', { name: 'Refund €4.00' }).click();
    await dialog.waitFor({ state: 'detached' });
    await office.getByText('Refund of €4.00 given').waitFor();

    const refunds = double.requests.filter((r) => r.path === '/v1/refunds');
    expect(refunds.map((r) => ({ status: r.status, params: r.params }))).toEqual([
      { status: 200, params: expect.objectContaining({ payment_intent: paymentId, amount: '400' }) },
    ]);
    expect(double.paymentIntent(paymentId)).toMatchObject({ amount_received: 1650 });
    const after = (await kit.request<Sale>('GET', `/api/v1/core-sales/sales/${cardSale.id}`)).body;
    expect(after).toMatchObject({ refunded: 400, tenders: [expect.objectContaining({ paymentState: 'partially_refunded' })] });

    // The sale page shows it: the refund with where the money went, the payment partly refunded.
    const history = office.getByRole('list', { name: 'Refunds' });
    await history.getByText('1 × Cork Coaster — “Chipped”').waitFor();
    expect(await history.textContent()).toContain('Card');
    await payments.getByText('Partly refunded', { exact: true }).waitFor();
    expect(await payments.textContent()).toMatch(/Visa •••• 4242 {2}Auth \d{6}/);
    await shootOffice(office, 'stripe-pay-journey-sale-refunded');

    // Stripe made the refund's events; those the endpoint asks for reached the kernel, each answered 2xx.
    await double.webhooksDelivered();
    expect(double.events.filter((e) => e.type === 'refund.created').map((e) => e.data.object)).toEqual([
      expect.objectContaining({ payment_intent: paymentId, amount: 400, status: 'succeeded' }),
    ]);
    expect(double.deliveries).toHaveLength(
      double.events.filter((e) => (STRIPE_WEBHOOK_EVENTS as readonly string[]).includes(e.type)).length,
    );
    expect(double.deliveries.filter((d) => d.status < 200 || d.status >= 300)).toEqual([]);
  });
});
