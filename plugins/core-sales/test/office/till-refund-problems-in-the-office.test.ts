import { launchChromium, officeAdmin, openOffice, shootOffice } from '@kits/office/testing';
import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import type { Browser, Page } from 'playwright-core';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failNextCalls } from '../support/card-reader.ts';
import { salesKit, stockedVariant, tillWithShift } from '../support/kits.ts';

type Sale = { id: string; receiptNumber: number; tenders: Array<{ paymentState: string | null; refundProblem?: string | null }> };

const API = '/api/v1/core-sales';

/**
 * A return made at a till whose refund the provider would not give back to the card, in the back
 * office (Chromium, PostgreSQL, the test card reader): the dashboard's "Card payments to look at"
 * lists it, and its sale page says what happened and what to do.
 */
describe('a till refund that could not go back to the card, in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let till: TestTill & { shiftId: string };
  let sale: Sale;

  const readSale = async (id: string) => (await kit.request<Sale>('GET', `${API}/sales/${id}`)).body;

  beforeAll(async () => {
    kit = await salesKit('postgres', {}, { payments: 'test-card-reader' });
    const scarf = await stockedVariant(kit, 3900, 10, { name: 'Silk scarf' });
    till = await tillWithShift(kit);
    const sold = await kit.request<Sale>('POST', `${API}/sales`, {
      token: till.token,
      body: { id: uuidv7(), lines: [{ variantId: scarf, quantity: 1 }], tenders: [{ method: 'card', amount: 3900, token: 'tok_approve' }] },
    });
    expect(sold.status).toBe(201);
    sale = sold.body;
    await eventually(
      () => readSale(sale.id),
      (s) => s.tenders[0]?.paymentState === 'captured',
    );
    await failNextCalls(kit, 'refund', 50);
    const event = tillEventLog(till.deviceId);
    const pushed = await kit.request<{ answers: Array<{ status: string }> }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: {
        events: [
          event('sales.sale.refunded', {
            refund: { id: uuidv7(), saleId: sale.id, lines: [{ lineNo: 1, quantity: 1 }], reason: 'torn', restock: false },
          }),
        ],
      },
    });
    expect(pushed.body.answers[0]!.status).toBe('accepted');
    await eventually(
      () => readSale(sale.id),
      (s) => typeof s.tenders[0]?.refundProblem === 'string',
      30_000,
    );
    await failNextCalls(kit, 'refund', 0);
    url = await kit.kernel.listen();
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('is listed on the dashboard as a refund to card that failed, linking to its sale, whose page says why', async () => {
    const card = page.locator('.k-card', { hasText: 'Card payments to look at' });
    const link = card.getByRole('link', { name: new RegExp(`Receipt ${sale.receiptNumber}`) });
    await link.waitFor();
    expect(await card.textContent()).toContain('Refund to card failed');
    expect(await card.textContent()).toContain('Visa •••• 4242');
    expect(await card.getByRole('link').count()).toBe(1);
    await shootOffice(page, 'core-sales-card-payments-card-refund-failed');
    await link.click();
    await page.getByRole('heading', { name: `Receipt ${sale.receiptNumber}` }).waitFor();
    const payments = page.locator('.k-card', { hasText: 'Payments' });
    await payments.getByText('Refund to card failed').waitFor();
    expect(await payments.getByRole('alert').textContent()).toMatch(
      /could not be made after 5 attempts.*refund it from the payment provider/,
    );
    await shootOffice(page, 'core-sales-sale-refund-to-card-failed');
  });
});
