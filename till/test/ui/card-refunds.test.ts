import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardLedger, presentCard, saleTenders, TEST_CARD_READER } from './support/card-reader.ts';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, pairTestTill, SCREENSHOTS } from './support/till-browser.ts';

const MUG = '4006381333931';

/**
 * Returns of card sales at the till in Chromium, with core-sales' test card reader (Front-1): the
 * cashier takes goods back against the receipt (F10), the till says how much goes back to which card
 * and how much to give back in cash, and the server gives the card part back with the provider.
 */
describe('a return of a card sale at the till, as a cashier takes one', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let receipts = 0;

  const scanMugs = async (count: number) => {
    await page.getByLabel('Scan').waitFor();
    for (let i = 0; i < count; i++) {
      await page.keyboard.type(MUG, { delay: 5 });
      await page.keyboard.press('Enter');
    }
    await page
      .getByTestId('total')
      .filter({ hasText: `€${(12.5 * count).toFixed(2)}` })
      .waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
  };
  /** The card on the reader is approved, the receipt shows; Enter starts the next sale once the server has this one. */
  const approveAndFinish = async () => {
    await page.getByTestId('card-payment').filter({ hasText: 'Waiting for card…' }).waitFor({ timeout: 20_000 });
    await presentCard(kit, 'approve');
    await page.getByTestId('receipt').waitFor({ timeout: 20_000 });
    receipts += 1;
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
    await expect.poll(async () => (await saleTenders(kit, till.deviceId, receipts)).length, { timeout: 20_000 }).toBeGreaterThan(0);
  };
  /** F10, the receipt number, `mugs` mugs back with a reason, Take back and refund: the message the till shows. */
  const returnMugs = async (receiptNumber: number, mugs: number) => {
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').fill(String(receiptNumber));
    await page.keyboard.press('Enter');
    for (let i = 0; i < mugs; i++) await page.getByRole('button', { name: 'One more Ceramic Mug Black back' }).click();
    await page.getByLabel('Why it comes back').fill('changed their mind');
    await page.getByRole('button', { name: 'Take back and refund' }).click();
    const status = page.getByRole('status').filter({ hasText: `Return on receipt ${receiptNumber} recorded` });
    await status.waitFor();
    return status;
  };
  /** The message as read aloud: the card's name is held together by no-break spaces on screen. */
  const said = async (status: Awaited<ReturnType<typeof returnMugs>>) => (await status.textContent())!.replace(/\u00a0/g, ' ');

  let mug: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [SHOP_PLUGINS[0], TEST_CARD_READER, SHOP_PLUGINS[1]], db: 'postgres' });
    const url = await kit.kernel.listen();
    ({ 'MUG-BLK': mug } = (await stockShelf(kit, [
      { name: 'Ceramic Mug Black', sku: 'MUG-BLK', barcode: MUG, price: 1250, quantity: 50 },
    ])) as { 'MUG-BLK': string });
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await pairTestTill(page, kit, url, till);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('one mug of a card sale back: the till names the card, and the bank gives €12.50 back to it once', async () => {
    await scanMugs(2);
    await page.keyboard.press('F9');
    await approveAndFinish();
    await expect.poll(async () => (await cardLedger(kit)).captured, { timeout: 20_000 }).toBe(2500);

    const status = await returnMugs(receipts, 1);
    expect(await said(status)).toContain('Return on receipt 1 recorded: €12.50 goes back to the card Visa •••• 4242.');
    await page.screenshot({ path: `${SCREENSHOTS}till/card-refund-message-1024x768.png` });
    await expect.poll(async () => (await cardLedger(kit)).refunded, { timeout: 20_000 }).toBe(1250);
    expect((await cardLedger(kit)).calls.refund).toBe(1);
    const [refund] = await kit.kernel.db.query<{ method: string; amount: number; reference: string }>(
      "select method, amount::int as amount, reference from sales.refund_tenders where method = 'card'",
    );
    const [tender] = await saleTenders(kit, till.deviceId, receipts);
    expect(refund).toEqual({ method: 'card', amount: 1250, reference: tender!.reference });
  });

  it('a sale split between cash and card, returned in full: the card part back to the card, the rest in cash', async () => {
    const before = await cardLedger(kit);
    await scanMugs(1);
    await page.getByLabel('Cash handed over').fill('5');
    await page.keyboard.press('Enter');
    await page.getByTestId('tendered').filter({ hasText: 'Cash' }).waitFor();
    await page.getByRole('button', { name: /^Card/ }).click();
    await approveAndFinish();
    await expect.poll(async () => (await cardLedger(kit)).captured - before.captured, { timeout: 20_000 }).toBe(750);

    const status = await returnMugs(receipts, 1);
    expect(await said(status)).toContain(
      `Return on receipt ${receipts} recorded: €7.50 goes back to the card Visa •••• 4242; give back €5.00 in cash.`,
    );
    await page.screenshot({ path: `${SCREENSHOTS}till/card-refund-split-message-1024x768.png` });
    await expect.poll(async () => (await cardLedger(kit)).refunded - before.refunded, { timeout: 20_000 }).toBe(750);
    expect((await cardLedger(kit)).calls.refund - before.calls.refund).toBe(1);
  });

  it('a card sale of another till of the store: the till asks the server how it was paid and names its card', async () => {
    const other = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    await kit.request('POST', '/api/v1/core-sales/shifts', { token: other.token, body: { openingFloat: 0 } });
    const sold = await kit.request<{ id: string; receiptNumber: number }>('POST', '/api/v1/core-sales/sales', {
      token: other.token,
      body: { lines: [{ variantId: mug, quantity: 2 }], tenders: [{ method: 'card', amount: 2500, token: 'tok_approve' }] },
    });
    expect(sold.status).toBe(201);
    const before = await cardLedger(kit);
    // Receipt numbers are per till: this one's receipts 1 and 2 and the other till's under its own number.
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').fill(String(sold.body.receiptNumber));
    await page.keyboard.press('Enter');
    const choices = page.getByTestId('receipt-candidates');
    await choices.waitFor();
    await choices.getByRole('button', { name: /Another till/ }).click();
    await page.getByRole('button', { name: 'One more Ceramic Mug Black back' }).click();
    await page.getByLabel('Why it comes back').fill('a gift, not wanted');
    await page.getByRole('button', { name: 'Take back and refund' }).click();
    const status = page.getByRole('status').filter({ hasText: `Return on receipt ${sold.body.receiptNumber} recorded: €12.50` });
    await status.waitFor();
    expect(await said(status)).toContain('€12.50 goes back to the card Visa •••• 4242.');
    await expect.poll(async () => (await cardLedger(kit)).refunded - before.refunded, { timeout: 20_000 }).toBe(1250);
  });
});
