import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { eventually } from '@kits/plugin-sdk/test-kit';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failNextCalls } from '../support/card-reader.ts';
import { salesKit, stockedVariant, tillWithShift } from '../support/kits.ts';

type Sale = { id: string; receiptNumber: number; tenders: Array<{ paymentState: string | null; captureProblem?: string | null }> };

const API = '/api/v1/core-sales';

/**
 * Card payments in the back office, in Chromium against a kernel on PostgreSQL with the test card
 * reader: a captured card sale shows its card and state on the sale page; one whose capture failed
 * for good is listed on the dashboard's "Card payments to look at" and its sale page says why.
 */
describe('card payments in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let till: TestTill & { shiftId: string };
  let captured: Sale;
  let failed: Sale;

  const sellByCard = async (variantId: string, amount: number): Promise<Sale> => {
    const sale = await kit.request<Sale>('POST', `${API}/sales`, {
      token: till.token,
      body: { id: uuidv7(), lines: [{ variantId, quantity: 1 }], tenders: [{ method: 'card', amount, token: 'tok_approve' }] },
    });
    expect(sale.status).toBe(201);
    return sale.body;
  };
  const readSale = async (id: string) => (await kit.request<Sale>('GET', `${API}/sales/${id}`)).body;

  beforeAll(async () => {
    kit = await salesKit('postgres', {}, { payments: 'test-card-reader' });
    const scarf = await stockedVariant(kit, 3900, 10, { name: 'Silk scarf' });
    till = await tillWithShift(kit);
    captured = await sellByCard(scarf, 3900);
    await eventually(
      () => readSale(captured.id),
      (s) => s.tenders[0]?.paymentState === 'captured',
    );
    await failNextCalls(kit, 'capture', 50);
    failed = await sellByCard(scarf, 3900);
    await eventually(
      () => readSale(failed.id),
      (s) => typeof s.tenders[0]?.captureProblem === 'string',
      30_000,
    );
    await failNextCalls(kit, 'capture', 0);
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('lists the failed capture on the dashboard, linking to its sale', async () => {
    const card = page.locator('.k-card', { hasText: 'Card payments to look at' });
    const link = card.getByRole('link', { name: new RegExp(`Receipt ${failed.receiptNumber}`) });
    await link.waitFor();
    expect(await card.textContent()).toContain('Visa •••• 4242  Auth 123456');
    expect(await card.getByRole('link').count()).toBe(1);
    await shootOffice(page, 'core-sales-card-payments-card');
    await link.click();
    await page.getByRole('heading', { name: `Receipt ${failed.receiptNumber}` }).waitFor();
    const payments = page.locator('.k-card', { hasText: 'Payments' });
    await payments.getByText('Capture failed').waitFor();
    expect(await payments.getByRole('alert').textContent()).toMatch(/could not be captured after 5 attempts/);
    await shootOffice(page, 'core-sales-sale-capture-failed');
  });

  it('shows a captured card payment with its card and state on the sale page', async () => {
    await gotoOffice(page, url, `/core-sales/sales/${captured.id}`);
    await page.getByRole('heading', { name: `Receipt ${captured.receiptNumber}` }).waitFor();
    const payments = page.locator('.k-card', { hasText: 'Payments' });
    await payments.getByText('Captured', { exact: true }).waitFor();
    expect(await payments.textContent()).toContain('Visa •••• 4242  Auth 123456');
    expect(await payments.getByRole('alert').count()).toBe(0);
    // The receipt preview prints the card under its tender, as the till's paper does.
    const receipt = page.getByRole('document', { name: `Receipt ${captured.receiptNumber}` });
    expect(await receipt.textContent()).toContain('Visa •••• 4242  Auth 123456');
  });
});
