import { readFile } from 'node:fs/promises';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVENTORY, PURCHASING, footprint, makeVariant, onHand, type MadeVariant, type Order } from '../support.ts';

// A merchant buys stock in the back office, as they would by hand: a supplier and what it sells,
// orders from reorder suggestions and by hand, the PDF, sending, receiving in two deliveries and a
// return. Every step is checked in what the page shows AND in what the API says changed.

type Supplier = { id: string; name: string; items: Array<{ variantId: string; packSize: number; unitCost: { amount: number } }> };
type OrderPage = { items: Array<{ id: string; number: string; status: string; origin: string }> };

const API = '/api/v1/purchasing';
const SUPPLIER = 'Northwind Mill';

/** The text of the problem shown with a field (its role="alert"), once it is there. */
async function problemOf(field: Locator): Promise<string> {
  const alert = field.locator('xpath=ancestor::div[contains(@class, "k-field")][1]').getByRole('alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

/** Waits until `check` holds (the page re-renders after a request). */
async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

describe('a merchant buys stock in the back office (postgres, Chromium)', () => {
  let kit: TestKernel;
  let url: string;
  let browser: Browser;
  let page: Page;
  let flour: MadeVariant;
  let sugar: MadeVariant;
  let supplierId: string;
  let byHand: Order;

  const api = async <T>(path: string) => {
    const answer = await kit.request<T>('GET', `${API}${path}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const order = (id: string) => api<Order & { lines: Array<Order['lines'][number]> }>(`/purchase-orders/${id}`);
  const nav = (name: string) => page.getByRole('navigation', { name: 'Back office' }).getByRole('link', { name, exact: true });
  const dialog = () => page.getByRole('dialog');
  const heading = (name: string) => page.getByRole('heading', { level: 1, name, exact: true }).waitFor();

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [INVENTORY, PURCHASING], db: 'postgres' });
    url = await kit.kernel.listen();
    flour = await makeVariant(kit, 'Rye Flour 1kg');
    sugar = await makeVariant(kit, 'Cane Sugar 500g');
    // Flour runs low: at or below 5 it is reordered up to 20.
    const reorder = await kit.request('PUT', '/api/v1/core-inventory/stock/reorder', {
      body: { locationId: kit.tenant.locationId, variantId: flour.id, reorderPoint: 5, reorderMax: 20 },
    });
    expect(reorder.status).toBe(200);
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  });
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('creates a supplier: a blank name shows beside the field and writes nothing', async () => {
    await nav('Suppliers').click();
    await heading('Suppliers');
    await shootOffice(page, 'purchasing-suppliers-empty');
    await page.getByRole('link', { name: 'New supplier' }).click();
    await heading('New supplier');

    const before = await footprint(kit);
    await page.getByLabel('Email').fill('orders@northwind.example');
    await page.getByRole('button', { name: 'Add supplier' }).click();
    expect(await problemOf(page.getByLabel('Name'))).not.toBe('');
    expect(await page.getByLabel('Email').inputValue()).toBe('orders@northwind.example'); // what was typed stays
    expect(await footprint(kit)).toEqual(before);
    await shootOffice(page, 'purchasing-supplier-new-problem');

    await page.getByLabel('Name').fill(SUPPLIER);
    await page.getByLabel('Lead time (days)').fill('3');
    await page.getByRole('button', { name: 'Add supplier' }).click();
    await heading(SUPPLIER);
    const listed = await api<{ items: Array<{ id: string; name: string; leadTimeDays: number; email: string }> }>('/suppliers');
    expect(listed.items).toEqual([expect.objectContaining({ name: SUPPLIER, leadTimeDays: 3, email: 'orders@northwind.example' })]);
    supplierId = listed.items[0]!.id;
  });

  it('adds an item the supplier sells, with its pack size and cost, and edits the supplier', async () => {
    await page.getByRole('button', { name: 'Add item' }).click();
    await dialog().getByRole('searchbox', { name: 'Find the item' }).fill('Rye');
    await dialog()
      .getByRole('button', { name: `Add Rye Flour 1kg (${flour.sku})` })
      .click();
    await dialog().getByLabel("Supplier's SKU").fill('NW-RYE-1');
    await dialog().getByLabel('Pack size').fill('6');
    await dialog()
      .getByLabel(/Cost of one unit/)
      .fill('1.25');
    await shootOffice(page, 'purchasing-supplier-item-dialog');
    await dialog().getByRole('button', { name: 'Save item' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page.getByRole('row', { name: /Rye Flour 1kg/ }).waitFor();

    const supplier = await api<Supplier>(`/suppliers/${supplierId}`);
    expect(supplier.items).toEqual([
      expect.objectContaining({ variantId: flour.id, packSize: 6, unitCost: { amount: 125, currency: 'EUR' } }),
    ]);
    await shootOffice(page, 'purchasing-supplier');

    await page.getByRole('link', { name: 'Edit supplier' }).click();
    await heading(`Edit ${SUPPLIER}`);
    await page.getByLabel('Phone').fill('+44 20 7946 0000');
    await shootOffice(page, 'purchasing-supplier-edit');
    await page.getByRole('button', { name: 'Save supplier' }).click();
    await heading(SUPPLIER);
    expect((await api<{ phone: string }>(`/suppliers/${supplierId}`)).phone).toBe('+44 20 7946 0000');
  });

  it('drafts an order from reorder suggestions', async () => {
    await nav('Reorder').click();
    await heading('Reorder');
    // On hand 0 ≤ 5: up to 20 → 4 packs of 6 = 24.
    await page
      .getByRole('row', { name: /Rye Flour 1kg/ })
      .getByText('4 × 6 = 24')
      .waitFor();
    await shootOffice(page, 'purchasing-reorder');
    await page.getByRole('button', { name: 'Draft purchase orders' }).click();
    const drafted = page.getByRole('list', { name: 'Drafted orders' }).getByRole('link');
    await drafted.first().waitFor();
    expect(await drafted.allTextContents()).toEqual([`PO-000001 — ${SUPPLIER}`]);

    const orders = await api<OrderPage>('/purchase-orders');
    expect(orders.items.map((o) => [o.number, o.status, o.origin])).toEqual([['PO-000001', 'draft', 'reorder']]);
    const draft = await order(orders.items[0]!.id);
    expect(draft.lines.map((l) => [l.variantId, l.packs, l.packSize, l.unitCost])).toEqual([[flour.id, 4, 6, 125]]);
    await shootOffice(page, 'purchasing-reorder-drafted');

    await drafted.first().click();
    await heading('Purchase order PO-000001');
    await shootOffice(page, 'purchasing-order-draft');

    // The merchant reviews the draft: one pack more than suggested.
    await page.getByRole('link', { name: 'Edit draft' }).click();
    await heading('Edit draft PO-000001');
    const line = page.getByRole('group', { name: 'Rye Flour 1kg' });
    expect(await line.getByLabel('Packs').inputValue()).toBe('4');
    await line.getByLabel('Packs').fill('5');
    await shootOffice(page, 'purchasing-order-edit-draft');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await heading('Purchase order PO-000001');
    const reviewed = await order(draft.id);
    expect(reviewed.lines.map((l) => [l.packs, l.orderedQuantity])).toEqual([[5, 30]]);
    expect(reviewed.status).toBe('draft');
  });

  it('drafts an order by hand: 0 packs shows beside the field and writes nothing', async () => {
    await nav('Purchase orders').click();
    await heading('Purchase orders');
    await page.getByRole('link', { name: 'New purchase order' }).click();
    await heading('New purchase order');
    await page.getByRole('combobox', { name: /^Supplier/ }).selectOption({ label: `${SUPPLIER} (EUR)` });
    await page.getByRole('searchbox', { name: 'Add any product' }).fill('Cane');
    await page.getByRole('button', { name: `Add Cane Sugar 500g (${sugar.sku})` }).click();
    const line = page.getByRole('group', { name: 'Cane Sugar 500g' });
    await line.getByLabel('Packs').fill('0');
    await line.getByLabel('Unit cost').fill('0.80');

    const before = await footprint(kit);
    await page.getByRole('button', { name: 'Save draft' }).click();
    expect(await problemOf(line.getByLabel('Packs'))).not.toBe('');
    expect(await footprint(kit)).toEqual(before);
    expect(await line.getByLabel('Unit cost').inputValue()).toBe('0.80');
    await shootOffice(page, 'purchasing-order-new-problem');

    await line.getByLabel('Packs').fill('10');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await heading('Purchase order PO-000002');
    const orders = await api<OrderPage>('/purchase-orders?status=draft');
    byHand = await order(orders.items.find((o) => o.number === 'PO-000002')!.id);
    expect(byHand.lines.map((l) => [l.variantId, l.orderedQuantity, l.unitCost])).toEqual([[sugar.id, 10, 80]]);
    expect(byHand.total).toBe(800);
  });

  it('downloads the PDF and marks the order as sent', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('PO-000002.pdf');
    const bytes = await readFile((await file.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBeGreaterThan(1000);

    await page.getByRole('button', { name: 'Mark as sent' }).click();
    await dialog().getByRole('button', { name: 'Mark as sent' }).click();
    await page.getByRole('button', { name: 'Receive delivery' }).waitFor();
    expect((await order(byHand.id)).status).toBe('sent');
    await shootOffice(page, 'purchasing-order-sent');
  });

  it('receives part of the order: stock rises by what came, the rest stays outstanding', async () => {
    const stockBefore = await onHand(kit, sugar.id);
    await page.getByRole('button', { name: 'Receive delivery' }).click();
    await dialog().getByRole('group', { name: 'Cane Sugar 500g' }).getByLabel('Good units').fill('4');
    await shootOffice(page, 'purchasing-order-receive');
    await dialog().getByRole('button', { name: 'Receive', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    await page
      .getByRole('row', { name: /Cane Sugar 500g/ })
      .getByText('6 to come')
      .waitFor();

    expect(await onHand(kit, sugar.id)).toBe(stockBefore + 4);
    const received = await order(byHand.id);
    expect(received.status).toBe('partially_received');
    expect(received.lines.map((l) => [l.receivedQuantity, l.orderedQuantity])).toEqual([[4, 10]]);
    await page.getByText('Partly received').first().waitFor();
    await shootOffice(page, 'purchasing-order-partly-received');
  });

  it('receives the rest: the order is complete', async () => {
    const stockBefore = await onHand(kit, sugar.id);
    await page.getByRole('button', { name: 'Receive delivery' }).click();
    await dialog().getByRole('button', { name: 'Everything outstanding came' }).click();
    // The click fills the fields on the next render: asked until it has.
    await expect.poll(() => dialog().getByRole('group', { name: 'Cane Sugar 500g' }).getByLabel('Good units').inputValue()).toBe('6');
    await dialog().getByRole('button', { name: 'Receive', exact: true }).click();
    await dialog().waitFor({ state: 'detached' });
    await page
      .getByRole('row', { name: /Cane Sugar 500g/ })
      .getByText('Complete')
      .waitFor();

    expect(await onHand(kit, sugar.id)).toBe(stockBefore + 6);
    expect((await order(byHand.id)).status).toBe('received');
    await expect.poll(() => page.getByRole('button', { name: 'Receive delivery' }).count()).toBe(0);
    await shootOffice(page, 'purchasing-order-received');
  });

  it('returns one unit to the supplier: a blank reason writes nothing', async () => {
    const stockBefore = await onHand(kit, sugar.id);
    await page.getByRole('button', { name: 'Return to supplier' }).click();
    await dialog().getByLabel('Units of Cane Sugar 500g to return').fill('1');
    const before = await footprint(kit);
    await dialog().getByRole('button', { name: 'Return to supplier' }).click();
    expect(await problemOf(dialog().getByLabel('Reason'))).not.toBe('');
    expect(await footprint(kit)).toEqual(before);

    await dialog().getByLabel('Reason').fill('One bag torn');
    await shootOffice(page, 'purchasing-order-return');
    await dialog().getByRole('button', { name: 'Return to supplier' }).click();
    await dialog().waitFor({ state: 'detached' });
    await until(async () => (await order(byHand.id)).lines[0]!.returnedQuantity === 1, 'the return');
    expect(await onHand(kit, sugar.id)).toBe(stockBefore - 1);
    await page
      .getByRole('row', { name: /Cane Sugar 500g/ })
      .getByRole('gridcell', { name: '1', exact: true })
      .first()
      .waitFor();
  });

  it('lists orders by status, finds them from the search box, and shows those awaiting delivery on the dashboard', async () => {
    await nav('Purchase orders').click();
    await heading('Purchase orders');
    await page.getByRole('row', { name: /PO-000002/ }).waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Draft' });
    await until(async () => (await page.getByRole('row', { name: /PO-000002/ }).count()) === 0, 'the draft filter');
    await page.getByRole('row', { name: /PO-000001/ }).waitFor();
    await shootOffice(page, 'purchasing-orders');

    // Send the reorder draft, so one order awaits delivery.
    const sent = await kit.request(
      'POST',
      `${API}/purchase-orders/${(await api<OrderPage>('/purchase-orders?status=draft')).items[0]!.id}/send`,
    );
    expect(sent.status).toBe(200);
    await gotoOffice(page, url, '/');
    const card = page.getByRole('list', { name: 'Orders awaiting delivery' });
    await card.getByRole('link', { name: 'PO-000001' }).waitFor();
    await shootOffice(page, 'purchasing-dashboard');

    const search = page.getByRole('combobox', { name: /Search products, suppliers/ });
    await search.fill('northwind');
    await page
      .getByRole('group', { name: 'Suppliers' })
      .getByRole('option', { name: new RegExp(SUPPLIER) })
      .waitFor();
    await page.getByRole('group', { name: 'Purchase orders' }).getByRole('option').first().waitFor();
    await shootOffice(page, 'purchasing-search');
    await search.fill('PO-000002');
    await page
      .getByRole('group', { name: 'Purchase orders' })
      .getByRole('option', { name: /PO-000002/ })
      .click();
    await heading('Purchase order PO-000002');
  });

  it('lists suppliers, and says what failed with a Retry when an order cannot be loaded', async () => {
    await nav('Suppliers').click();
    await page.getByRole('row', { name: new RegExp(SUPPLIER) }).waitFor();
    await shootOffice(page, 'purchasing-suppliers');

    await gotoOffice(page, url, '/purchasing/purchase-orders/0193a000-0000-7000-8000-000000000000');
    const notice = page.getByRole('alert').filter({ hasText: 'Loading the purchase order failed' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain('There is no purchase order');
    await notice.getByRole('button', { name: 'Retry' }).waitFor();
    await shootOffice(page, 'purchasing-order-missing');
  });
});
