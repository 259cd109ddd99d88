import { fileURLToPath } from 'node:url';
import { launchChromium, officeAdmin, openOffice, type OfficePerson } from '@kits/office/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shelveVariant } from '../../../../testing/shop-shelf.ts';
import { SHOP_DOMAIN, shopifyKit, syncStatus, until, type ShopifyKit } from '../support.ts';

// A merchant runs their Shopify store from the back office, in Chromium against a real kernel on
// PostgreSQL and the Shopify double: connects by installing the app (OAuth through the double's
// authorize page and back), maps locations, reviews the catalog (matching, a link by hand among
// ambiguous candidates, an unlink, an import and a publish, a product's direction), retries a
// stock push Shopify refused, reconciles, and resolves an order discrepancy. Every step is checked
// in the page AND in what the API and Shopify (the double) hold. A person who may only look sees no actions.

const API = '/api/v1/shopify';
const SHOTS = fileURLToPath(new URL('../../../../docs/screenshots/', import.meta.url));
/** A desk screen and a phone: every Shopify page is looked at on both. */
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

/** Screenshots of the page at each size (`shopify-<name>-<w>x<h>.png`), full page, the viewport put back after. */
async function shoot(page: Page, name: string): Promise<void> {
  // Toasts come and go: the pictures show the page under them.
  const dismiss = page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  const before = page.viewportSize();
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => document.fonts.ready.then(() => new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))));
    await page.screenshot({ path: `${SHOTS}shopify-${name}-${size.width}x${size.height}.png`, fullPage: true });
  }
  if (before) await page.setViewportSize(before);
}

type Connection = { status: string; mode: string | null; shopDomain: string | null };
type LinkRow = { variantId: string | null; sku: string; shopifyVariantId: string | null; shopifyProductId?: string | null };
type Discrepancy = { discrepancyId: string; orderName: string | null; reason: string; resolution: string | null; note: string | null };

describe('a merchant runs Shopify from the back office (postgres, Chromium, Shopify double)', () => {
  let s: ShopifyKit;
  let browser: Browser;
  let page: Page;
  let store: string;
  let depot: string;
  let shopLocation: string;
  let warehouse: string;
  let mug: { variantId: string; shopifyVariantId: string; inventoryItemId: string };
  let coaster: { variantId: string; shopifyVariantId: string };
  let tea: { variantId: string; small: string; large: string };
  let scarfProduct: string;

  const api = async <Body>(method: string, path: string, body?: unknown): Promise<Body> => {
    const answer = await s.kit.request<Body>(method, `${API}${path}`, body === undefined ? {} : { body });
    expect(answer.status, `${method} ${path}: ${JSON.stringify(answer.body)}`).toBeLessThan(300);
    return answer.body;
  };
  const linked = async () => (await api<{ items: LinkRow[] }>('GET', '/catalog/links?state=linked&limit=200')).items;
  const tab = (name: string) => page.getByRole('tablist', { name: 'Shopify' }).getByRole('tab', { name, exact: true });
  const reviewTab = (name: string) => page.getByRole('tablist', { name: 'Catalog review' }).getByRole('tab', { name, exact: true });
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
  const toast = (text: string | RegExp) =>
    page.getByRole('status', { name: 'Notifications' }).getByText(text).first().waitFor({ timeout: 10_000 });
  const dialog = () => page.getByRole('dialog');
  const rowOf = (grid: Locator, text: string) => grid.locator('[role="row"][data-row-key]').filter({ hasText: text });

  beforeAll(async () => {
    s = await shopifyKit('postgres');
    store = s.kit.tenant.locationId;
    const made = await s.kit.request<{ id: string }>('POST', '/api/v1/tenants/current/locations', {
      body: { name: 'Depot', kind: 'warehouse' },
    });
    expect(made.status).toBe(201);
    depot = made.body.id;

    // The store on Shopify: one location stocks every product made now; two come later and stock nothing yet.
    shopLocation = s.shop.addLocation({ name: 'High Street' }).id;
    // KiTS and Shopify share a mug (same SKU) and a coaster (same barcode, other SKU); a tea tin's
    // SKU is on two Shopify variants (ambiguous); a notebook is only in KiTS, a scarf only on Shopify.
    const mugKits = await shelveVariant(s.kit, { name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: '4006381333931', price: 1250, stock: 20 });
    const coasterKits = await shelveVariant(s.kit, {
      name: 'Cork Coaster',
      sku: 'CORK-1',
      barcode: '4006381333948',
      price: 400,
      stock: 30,
    });
    const teaKits = await shelveVariant(s.kit, { name: 'Tea Tin', sku: 'TEA-1', price: 900, stock: 12 });
    await shelveVariant(s.kit, { name: 'Dot Grid Notebook', sku: 'NOTE-1', price: 650, stock: 8 });
    const mugShop = s.shop.addProduct({ title: 'Ceramic Mug', variants: [{ sku: 'MUG-BLK', barcode: '4006381333931', price: '12.50' }] });
    const coasterShop = s.shop.addProduct({
      title: 'Cork Coaster',
      variants: [{ sku: 'COASTER', barcode: '4006381333948', price: '4.00' }],
    });
    const teaShop = s.shop.addProduct({
      title: 'Tea Tin',
      variants: [
        { sku: 'TEA-1', price: '9.00', title: 'Small', options: [{ name: 'Size', value: 'Small' }] },
        { sku: 'TEA-1', price: '14.00', title: 'Large', options: [{ name: 'Size', value: 'Large' }] },
      ],
    });
    scarfProduct = s.shop.addProduct({ title: 'Wool Scarf', variants: [{ sku: 'SCARF-1', price: '35.00' }] }).id;
    warehouse = s.shop.addLocation({ name: 'Warehouse' }).id;
    s.shop.addLocation({ name: 'Pop-up' });
    mug = {
      variantId: mugKits.variantId,
      shopifyVariantId: mugShop.variants[0]!.id,
      inventoryItemId: mugShop.variants[0]!.inventoryItemId,
    };
    coaster = { variantId: coasterKits.variantId, shopifyVariantId: coasterShop.variants[0]!.id };
    tea = { variantId: teaKits.variantId, small: teaShop.variants[0]!.id, large: teaShop.variants[1]!.id };

    browser = await launchChromium();
    page = await openOffice(browser, s.url, officeAdmin(s.kit.tenant), SIZES[0]);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  it('connects the store by installing the app: a wrong domain is refused first, then Shopify sends the merchant back connected', async () => {
    await page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name: 'Shopify', exact: true }).click();
    await heading('Shopify');
    await page.getByRole('heading', { name: 'Not connected' }).waitFor();
    expect(await page.getByTestId('webhook-url').textContent()).toBe(s.webhookUrl);
    expect(await page.getByTestId('redirect-url').textContent()).toBe(`${s.url}/office/shopify/connect`);
    await shoot(page, 'not-connected');

    const install = page.getByRole('form', { name: 'Install the app' });
    await install.getByLabel('Store domain').fill('shop.example.com');
    await install.getByRole('button', { name: 'Connect with Shopify' }).click();
    expect(await install.getByRole('alert').textContent()).toContain('myshopify.com domain');
    expect((await api<Connection>('GET', '/connection')).status).toBe('not_connected');

    // The merchant types the store's name; the double's authorize page sends them straight back.
    await install.getByLabel('Store domain').fill('kits-test');
    await install.getByRole('button', { name: 'Connect with Shopify' }).click();
    await page.waitForURL(/\/office\/shopify\/connect\?code=/, { timeout: 20_000, waitUntil: 'commit' });
    await page.getByRole('heading', { name: 'Connected to kits-test' }).waitFor({ timeout: 20_000 });
    await toast('Connected to kits-test');
    const connection = await api<Connection>('GET', '/connection');
    expect(connection).toMatchObject({ status: 'connected', mode: 'oauth', shopDomain: SHOP_DOMAIN });
    expect(s.shop.subscriptions).toContainEqual({ topic: 'orders/create', callbackUrl: s.webhookUrl });
    // The code and state of the callback are used once: the address no longer carries them.
    expect(new URL(page.url()).search).toBe('');
    await shoot(page, 'connected');

    await page.getByRole('link', { name: '← Shopify' }).click();
    await page.getByRole('heading', { name: 'Connected to kits-test' }).waitFor();
    expect(await page.getByRole('list', { name: 'Webhook topics' }).textContent()).toContain('orders/create');
    await shoot(page, 'connection');
  });

  it('maps locations: each Shopify location once, the unmapped ones named', async () => {
    await tab('Locations').click();
    await heading('Shopify locations');
    const form = page.getByRole('form', { name: 'Location map' });
    await form.getByLabel('Main Street Store').selectOption({ label: 'High Street' });
    // High Street is taken: the depot is not offered it.
    expect((await form.getByLabel('Depot').locator('option').allTextContents()).sort()).toEqual([
      'Not synced with Shopify',
      'Pop-up',
      'Warehouse',
    ]);
    await form.getByRole('button', { name: 'Save location map' }).click();
    await toast('One location is synced with Shopify');
    const map = await api<{ links: Array<{ locationId: string; shopifyLocationId: string }> }>('GET', '/locations');
    expect(map.links.map(({ locationId, shopifyLocationId }) => ({ locationId, shopifyLocationId }))).toEqual([
      { locationId: store, shopifyLocationId: shopLocation },
    ]);
    expect(await page.getByRole('list', { name: 'Shopify locations not mapped' }).textContent()).toContain('Warehouse');
    await shoot(page, 'locations');
  });

  it('reviews the catalog: matching links by SKU and barcode, leaves the rest for review on both sides', async () => {
    await tab('Catalog').click();
    await heading('Shopify catalog');
    await page.getByRole('button', { name: 'Run matching' }).click();
    await toast(/^Matched: 2 linked/);
    expect((await linked()).map((row) => row.sku).sort()).toEqual(['CORK-1', 'MUG-BLK']);

    const unmatched = page.getByRole('grid', { name: 'Unmatched items' });
    await rowOf(unmatched, 'Wool Scarf').waitFor();
    await rowOf(unmatched, 'Dot Grid Notebook').waitFor();
    await shoot(page, 'catalog-unmatched');
  });

  it('links the ambiguous tea tin by picking the right one of its Shopify candidates', async () => {
    await reviewTab('Ambiguous').click();
    const ambiguous = page.getByRole('grid', { name: 'Ambiguous items' });
    await rowOf(ambiguous, 'Tea Tin - Small').waitFor();
    await rowOf(ambiguous, 'Tea Tin').getByRole('button', { name: 'Link Tea Tin' }).click();
    const candidates = dialog().getByRole('list', { name: 'Candidates' });
    await candidates.getByText('Tea Tin - Large').waitFor();
    expect(await candidates.locator('li').count()).toBe(2);
    await shoot(page, 'catalog-link');
    await candidates.getByRole('button', { name: 'Pick Tea Tin - Large' }).click();
    await dialog().getByRole('button', { name: 'Link', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    await toast('Tea Tin is linked to Tea Tin - Large');
    expect((await linked()).find((row) => row.variantId === tea.variantId)?.shopifyVariantId).toBe(tea.large);
  });

  it('imports the Shopify-only scarf into KiTS, linked', async () => {
    await reviewTab('Unmatched').click();
    const unmatched = page.getByRole('grid', { name: 'Unmatched items' });
    await rowOf(unmatched, 'Wool Scarf').getByRole('checkbox', { name: 'Select row' }).check();
    await page.getByRole('button', { name: 'Import selected from Shopify' }).click();
    await dialog().getByRole('button', { name: 'Import', exact: true }).click();
    await toast('One product imported from Shopify');
    const scarf = (await linked()).find((row) => row.sku === 'SCARF-1');
    expect(scarf?.shopifyProductId).toBe(scarfProduct);
    const inKits = await s.kit.request<{ items: Array<{ id: string }> }>('GET', '/api/v1/core-inventory/variants?sku=SCARF-1');
    expect(inKits.body.items.map((variant) => variant.id)).toEqual([scarf!.variantId]);
    await expect.poll(() => rowOf(unmatched, 'Wool Scarf').count()).toBe(0);
  });

  it('unlinks the coaster: it goes back to review on both sides', async () => {
    await reviewTab('Linked').click();
    const grid = page.getByRole('grid', { name: 'Linked items' });
    await rowOf(grid, 'Cork Coaster').waitFor();
    await shoot(page, 'catalog-linked');
    await rowOf(grid, 'Cork Coaster').getByRole('button', { name: 'Unlink Cork Coaster' }).click();
    await dialog().getByRole('button', { name: 'Unlink', exact: true }).click();
    await toast('Cork Coaster is no longer linked to Shopify');
    expect((await linked()).some((row) => row.variantId === coaster.variantId)).toBe(false);
    await expect.poll(() => rowOf(grid, 'Cork Coaster').count()).toBe(0);
    const review = await api<{ items: LinkRow[] }>('GET', '/catalog/links?state=unmatched');
    expect(review.items.some((row) => row.variantId === coaster.variantId)).toBe(true);
    expect(review.items.some((row) => row.shopifyVariantId === coaster.shopifyVariantId)).toBe(true);
  });

  it('publishes the KiTS-only notebook to Shopify, and lets Shopify lead the mug’s prices and titles', async () => {
    await reviewTab('Products').click();
    const grid = page.getByRole('grid', { name: 'Products' });
    await rowOf(grid, 'Dot Grid Notebook').getByRole('checkbox', { name: 'Select row' }).check();
    await page.getByRole('button', { name: 'Publish selected to Shopify' }).click();
    await dialog().getByRole('button', { name: 'Publish', exact: true }).click();
    await toast('One product published to Shopify');
    const notebook = (await linked()).find((row) => row.sku === 'NOTE-1');
    expect(notebook?.shopifyProductId).toBeTruthy();
    expect(s.shop.product(notebook!.shopifyProductId!)).toMatchObject({
      title: 'Dot Grid Notebook',
      variants: [{ sku: 'NOTE-1', price: '6.50' }],
    });

    await rowOf(grid, 'Ceramic Mug').getByRole('combobox', { name: 'Prices and titles of Ceramic Mug' }).selectOption('shopify_to_kits');
    await toast('Ceramic Mug: prices and titles now come from Shopify');
    const products = await api<{ items: Array<{ name: string; direction: string }> }>('GET', '/catalog/products?limit=200');
    expect(products.items.find((product) => product.name === 'Ceramic Mug')?.direction).toBe('shopify_to_kits');
    expect(products.items.find((product) => product.name === 'Dot Grid Notebook')?.direction).toBe('kits_to_shopify');
    await shoot(page, 'catalog-products');
  });

  it('shows a stock push Shopify refused with its message, and retries it once the item is stocked there', async () => {
    // The depot is mapped to Shopify's Warehouse, where no product is stocked: Shopify refuses each level.
    await api('PUT', '/locations', {
      links: [
        { locationId: store, shopifyLocationId: shopLocation },
        { locationId: depot, shopifyLocationId: warehouse },
      ],
    });
    await s.kit.request('POST', '/api/v1/core-inventory/stock/receive', {
      body: { locationId: depot, lines: [{ variantId: mug.variantId, quantity: 5 }] },
    });
    const mugTarget = `variant:${mug.variantId}@location:${depot}`;
    await until(async () => (await syncStatus(s)).failures.some((f) => f.target === mugTarget), 'the refused push of the mug', 20_000);

    await tab('Sync').click();
    await heading('Shopify sync');
    const failures = page.getByRole('grid', { name: 'Sync failures' });
    const mugFailure = rowOf(failures, 'Ceramic Mug');
    await mugFailure.waitFor();
    expect(await mugFailure.textContent()).toContain('The specified inventory item is not stocked at the location.');
    await shoot(page, 'sync-failures');
    // The row opens the failure with Shopify's whole message and code.
    await mugFailure.getByText('Ceramic Mug at Depot').click();
    const details = page.getByRole('dialog', { name: 'Ceramic Mug at Depot' });
    expect(await details.textContent()).toContain('ITEM_NOT_STOCKED_AT_LOCATION');
    expect(await details.textContent()).toContain('The specified inventory item is not stocked at the location.');
    await shoot(page, 'sync-failure-details');
    await page.keyboard.press('Escape');
    await details.waitFor({ state: 'detached' });

    // A retry while the mug is still not stocked there: asked for, tried again at once, refused again.
    const before = (await syncStatus(s)).failures.find((f) => f.target === mugTarget)!;
    const asked = page.waitForResponse((r) => r.url().endsWith(`/sync/failures/${before.failureId}/retry`));
    await mugFailure.getByRole('button', { name: 'Retry Ceramic Mug at Depot' }).click();
    expect((await asked).status()).toBe(202);
    await until(
      async () => ((await syncStatus(s)).failures.find((f) => f.target === mugTarget)?.attempts ?? 0) > before.attempts,
      'the retried push refused again',
      20_000,
    );

    // The merchant stocks the mug at the Warehouse on Shopify and retries again: the depot's 5 reach it.
    s.shop.setLevel(mug.inventoryItemId, warehouse, 0);
    await mugFailure.getByRole('button', { name: 'Retry Ceramic Mug at Depot' }).click();
    await until(async () => s.shop.level(mug.inventoryItemId, warehouse) === 5, 'the mug’s depot stock on the Warehouse', 20_000);
    await until(async () => !(await syncStatus(s)).failures.some((f) => f.target === mugTarget), 'the failure resolved', 20_000);
    await expect.poll(() => mugFailure.count(), { timeout: 15_000 }).toBe(0);
    // The others stay, each with its own Retry.
    const left = (await syncStatus(s)).failures;
    expect(left.length).toBeGreaterThan(0);
    expect(await failures.getByRole('button', { name: /^Retry / }).count()).toBe(left.length);
  });

  it('reconciles now: a level changed on Shopify is set back to KiTS’s and named', async () => {
    await until(async () => s.shop.level(mug.inventoryItemId, shopLocation) === 20, 'the mug’s level on High Street');
    s.shop.setLevel(mug.inventoryItemId, shopLocation, 17);
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await toast(/repaired/);
    expect(s.shop.level(mug.inventoryItemId, shopLocation)).toBe(20);
    const summary = page.getByTestId('reconciliation-summary');
    await expect.poll(() => summary.textContent()).toMatch(/repaired/);
    const repaired = page.getByRole('grid', { name: 'Levels repaired' });
    const repair = rowOf(repaired, 'Main Street Store');
    await repair.waitFor();
    expect(await repair.textContent()).toContain('17');
    await shoot(page, 'sync');
  });

  it('resolves an order Shopify sold beyond KiTS’s stock, with what was done and a note', async () => {
    const order = s.shop.createOrder({ lineItems: [{ variantId: mug.shopifyVariantId, quantity: 25 }], locationId: shopLocation });
    await s.shop.deliverSubscribedWebhooks('orders/create', s.shop.webhookPayload('orders/create', order));
    const open = async () => (await api<{ items: Discrepancy[] }>('GET', '/orders/discrepancies?state=open')).items;
    await until(async () => (await open()).some((d) => d.reason === 'short_stock'), 'the short-stock discrepancy', 20_000);

    await tab('Discrepancies').click();
    await heading('Order discrepancies');
    const grid = page.getByRole('grid', { name: 'Open discrepancies' });
    const row = rowOf(grid, order.name);
    await row.waitFor();
    expect(await row.textContent()).toContain('Not enough stock');
    await shoot(page, 'discrepancies');

    await row.getByRole('button', { name: `Resolve order ${order.name}` }).click();
    await dialog().getByLabel('What was done').selectOption({ label: 'Stock adjusted in KiTS' });
    await dialog().getByLabel('Note').fill('Counted the back room: 25 were there.');
    await shoot(page, 'discrepancy-resolve');
    await dialog().getByRole('button', { name: 'Resolve', exact: true }).click();
    await toast(`${order.name} resolved`);
    expect(await open()).toEqual([]);
    const resolved = (await api<{ items: Discrepancy[] }>('GET', '/orders/discrepancies?state=resolved')).items;
    expect(resolved).toMatchObject([
      { orderName: order.name, resolution: 'stock_adjusted', note: 'Counted the back room: 25 were there.' },
    ]);
    await page.getByRole('tablist', { name: 'Discrepancies' }).getByRole('tab', { name: 'Resolved' }).click();
    await rowOf(page.getByRole('grid', { name: 'Resolved discrepancies' }), 'Counted the back room').waitFor();
  });

  it('a person who may only look at Shopify sees every page and no action, and may not finish a connection', async () => {
    const role = await s.kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: 'Shopify viewer', permissions: ['shopify:view'] },
    });
    expect(role.status).toBe(201);
    const person: OfficePerson = { tenant: s.kit.tenant.slug, email: `viewer@${s.kit.tenant.slug}.test`, password: 'viewer-password-1' };
    const user = await s.kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email: person.email, displayName: 'Shopify Viewer', password: person.password },
    });
    expect(user.status).toBe(201);
    expect(
      (await s.kit.request('POST', `/api/v1/tenants/current/users/${user.body.id}/grants`, { body: { roleId: role.body.id } })).status,
    ).toBe(201);
    const viewer = await openOffice(browser, s.url, person, SIZES[0]);
    try {
      await viewer.goto(`${s.url}/office/shopify`);
      await viewer.getByRole('heading', { name: 'Connected to kits-test' }).waitFor();
      expect(await viewer.getByRole('button', { name: 'Disconnect…' }).count()).toBe(0);
      await viewer.goto(`${s.url}/office/shopify/catalog?state=linked`);
      await viewer.getByRole('grid', { name: 'Linked items' }).locator('[role="row"][data-row-key]').first().waitFor();
      expect(await viewer.getByRole('button', { name: 'Run matching' }).count()).toBe(0);
      expect(await viewer.getByRole('button', { name: /^Unlink/ }).count()).toBe(0);
      await viewer.goto(`${s.url}/office/shopify/sync`);
      await viewer.getByRole('grid', { name: 'Sync failures' }).locator('[role="row"][data-row-key]').first().waitFor();
      expect(await viewer.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
      expect(await viewer.getByRole('button', { name: 'Reconcile now' }).count()).toBe(0);
      await viewer.goto(`${s.url}/office/shopify/connect`);
      await viewer.getByText('You do not have access to this page').waitFor();
    } finally {
      await viewer.context().close();
    }
  });
});
