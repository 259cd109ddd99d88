import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardLedger, presentCard, saleTenders, TEST_CARD_READER, tillPayments } from './support/card-reader.ts';
import { SHOP_PLUGINS, stockShelf } from './support/shop.ts';
import { launchChromium, pairTestTill, SCREENSHOTS } from './support/till-browser.ts';

const MUG = '4006381333931';
const CARD_LINE = 'Visa •••• 4242  Auth 123456';
const OFFLINE = 'Card payments need a connection to the server — take cash, or try again when the till is back online.';

/** Screenshots of the screen as it is at two common till sizes; what the cashier needs next is inside the window. */
async function shoot(page: Page, name: string, inView: readonly Locator[]): Promise<void> {
  for (const [width, height] of [
    [1024, 768],
    [1366, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    await page.screenshot({ path: `${SCREENSHOTS}till/card-${name}-${width}x${height}.png` });
    for (const locator of inView) {
      const box = await locator.boundingBox();
      expect(box, `${name} at ${width}×${height}: ${await locator.textContent()}`).not.toBeNull();
      expect(box!.y + box!.height, `${name} at ${width}×${height}: ${await locator.textContent()} is below the window`).toBeLessThanOrEqual(
        height,
      );
    }
  }
  await page.setViewportSize({ width: 1024, height: 768 });
}

/**
 * Card payments on the till in Chromium, with core-sales' test card reader (Front-1) as the
 * payments@2 provider: the cashier charges a card, sees a decline and tries again, splits with
 * cash both ways round, cancels on the reader with Esc, and is refused a card offline.
 */
describe('paying by card at the till, as a cashier does', () => {
  let kit: TestKernel;
  let till: TestTill;
  let browser: Browser;
  let page: Page;
  let receipts = 0;

  const card = () => page.getByTestId('card-payment');
  /** Waits until the card panel is in `state`; a failure names the state and words it was in. */
  const cardIn = (state: string) => ({
    waitFor: () =>
      expect
        .poll(
          async () => {
            const panel = card();
            if ((await panel.count()) === 0) return `no card panel${(await page.getByRole('alert').allTextContents()).join(' | ')}`;
            return `${await panel.getAttribute('data-state')}: ${await panel.textContent()}`;
          },
          { timeout: 20_000 },
        )
        .toMatch(new RegExp(`^${state}: `)),
  });
  /** Scans a mug (€12.50) into an empty cart and opens the tender step. */
  const mugToTender = async () => {
    await page.getByLabel('Scan').waitFor();
    await page.keyboard.type(MUG, { delay: 5 });
    await page.keyboard.press('Enter');
    // The first scan of a run waits for the till's catalogue: on a busy CI machine that is more than the poll's default second.
    await expect.poll(() => page.locator('[data-testid=cart] tr').count(), { timeout: 20_000 }).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
  };
  /** The receipt is on screen: Enter starts the next sale. */
  const nextSale = async () => {
    receipts += 1;
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
  };
  /** The server has the till's sale with that receipt number (sent by the till's push agent). */
  const tendersOf = async (receiptNumber: number) => {
    await expect.poll(async () => (await saleTenders(kit, till.deviceId, receiptNumber)).length, { timeout: 20_000 }).toBeGreaterThan(0);
    return saleTenders(kit, till.deviceId, receiptNumber);
  };

  beforeAll(async () => {
    // The card reader is enabled before core-sales, which finds its payments@2 as it starts.
    kit = await createTestKernel({ plugins: [SHOP_PLUGINS[0], TEST_CARD_READER, SHOP_PLUGINS[1]], db: 'postgres' });
    const url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Ceramic Mug Black', sku: 'MUG-BLK', barcode: MUG, price: 1250, quantity: 50 }]);
    till = await kit.signInTill({ permissions: ['core-sales:checkout', 'core-sales:shift'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1024, height: 768 } });
    await pairTestTill(page, kit, url, till);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('charges the card on the reader: waiting for the card, approved, the receipt names the card, the server captures once', async () => {
    await mugToTender();
    const button = page.getByRole('button', { name: /^Card/ });
    expect(await button.textContent()).toBe('Card €12.50 (F9)');
    await page.keyboard.press('F9');
    await cardIn('waiting').waitFor();
    expect(await card().textContent()).toContain('Waiting for card…');
    expect(await page.getByTestId('card-action').textContent()).toBe('Present card on reader Front-1');
    // While the card waits, no cash is taken: the notes give way to the reader's state.
    expect(await page.locator('.tender .notes').count()).toBe(0);
    // …and Esc is the card's Cancel alone: the way back to the cart waits for the card's answer.
    expect(await page.getByRole('button', { name: 'Back to the cart (Esc)' }).count()).toBe(0);
    await shoot(page, 'waiting', [page.getByRole('button', { name: 'Cancel (Esc)' })]);

    await presentCard(kit, 'approve');
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('receipt-card').textContent()).toBe(CARD_LINE);
    expect(await page.getByTestId('change').textContent()).toContain('0.00');
    await shoot(page, 'approved-receipt', [page.getByTestId('receipt-card'), page.getByRole('button', { name: 'New sale (Enter)' })]);
    await nextSale();

    // The sale reached the server with the card tender's token = the payment id; captured once.
    const [tender] = await tendersOf(receipts);
    const [payment] = await tillPayments(kit, till.deviceId);
    expect(tender).toMatchObject({ method: 'card', amount: 1250, reference: payment!.payment_id });
    expect(payment!.sale_id).toBe(tender!.sale_id);
    await expect.poll(async () => (await cardLedger(kit)).captured, { timeout: 20_000 }).toBe(1250);
    expect((await cardLedger(kit)).calls).toMatchObject({ authorize: 1, capture: 1, cancel: 0 });
  });

  it('a declined card says why, keeps cash usable, and Try again (a new try) is approved', async () => {
    const before = (await tillPayments(kit, till.deviceId)).length;
    await mugToTender();
    await page.keyboard.press('F9');
    await cardIn('waiting').waitFor();
    await presentCard(kit, 'insufficient_funds');
    await cardIn('declined').waitFor();
    expect(await card().textContent()).toContain('Declined: Insufficient funds — ask for another card or another way to pay.');
    // The cash box and notes work after a decline.
    expect(await page.locator('.tender .notes button').first().isDisabled()).toBe(false);
    expect(await page.getByLabel('Cash handed over').isEditable()).toBe(true);
    await shoot(page, 'declined', [page.getByRole('button', { name: /Try again/ }), page.getByLabel('Cash handed over')]);

    await page.getByRole('button', { name: /Try again/ }).click();
    await cardIn('waiting').waitFor();
    await presentCard(kit, 'approve');
    await page.getByTestId('receipt').waitFor();
    expect(await page.getByTestId('receipt-card').textContent()).toBe(CARD_LINE);
    await nextSale();

    // Two tries for one sale: the declined one and the approved one (a new tender id), and the sale uses the second.
    const tries = (await tillPayments(kit, till.deviceId)).slice(before);
    expect(tries).toHaveLength(2);
    const states = await Promise.all(
      tries.map(async (t) => (await kit.request<{ state: string }>('GET', `/api/v1/core-sales/payments/${t.payment_id}`)).body.state),
    );
    expect(states).toEqual(['declined', expect.stringMatching(/^(authorized|captured)$/)]);
    expect(new Set(tries.map((t) => t.sale_id)).size).toBe(1);
    expect(tries[0]!.tender_id).not.toBe(tries[1]!.tender_id);
    const [tender] = await tendersOf(receipts);
    expect(tender).toMatchObject({ method: 'card', amount: 1250, reference: tries[1]!.payment_id });
  });

  it('splits with cash first: €5.00 in cash, then the card charges what remains', async () => {
    const before = (await tillPayments(kit, till.deviceId)).length;
    await mugToTender();
    await page.getByLabel('Cash handed over').fill('5');
    await page.keyboard.press('Enter');
    await page.getByTestId('tendered').filter({ hasText: 'Cash' }).waitFor();
    expect(await page.getByRole('button', { name: /^Card/ }).textContent()).toBe('Card €7.50 (F9)');
    await page.getByRole('button', { name: /^Card/ }).click();
    await cardIn('waiting').waitFor();
    await presentCard(kit, 'approve');
    await page.getByTestId('receipt').waitFor();
    expect(await page.locator('.receipt-tenders').textContent()).toMatch(/Cash€5\.00Card€7\.50Visa •••• 4242 {2}Auth 123456/);
    await nextSale();

    const [payment] = (await tillPayments(kit, till.deviceId)).slice(before);
    expect(payment).toMatchObject({ amount: 750 });
    expect(await tendersOf(receipts)).toEqual([
      expect.objectContaining({ method: 'cash', amount: 500, reference: null }),
      expect.objectContaining({ method: 'card', amount: 750, reference: payment!.payment_id }),
    ]);
  });

  it('splits with the card first: €10.00 typed goes on the card, the rest is paid in cash', async () => {
    const before = (await tillPayments(kit, till.deviceId)).length;
    await mugToTender();
    await page.getByLabel('Cash handed over').fill('10');
    expect(await page.getByRole('button', { name: /^Card/ }).textContent()).toBe('Card €10.00 (F9)');
    await page.keyboard.press('F9');
    await cardIn('waiting').waitFor();
    await presentCard(kit, 'approve');
    await cardIn('approved').waitFor();
    expect(await card().textContent()).toBe(`Approved€10.00 · ${CARD_LINE}`);
    await page.getByTestId('tendered').filter({ hasText: CARD_LINE }).waitFor();
    expect(await page.locator('.tender .due').textContent()).toContain('€2.50');
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await nextSale();

    const [payment] = (await tillPayments(kit, till.deviceId)).slice(before);
    expect(await tendersOf(receipts)).toEqual([
      expect.objectContaining({ method: 'card', amount: 1000, reference: payment!.payment_id }),
      expect.objectContaining({ method: 'cash', amount: 250 }),
    ]);
  });

  it('Esc while the card waits cancels it on the server and stays on the tender step; cash then completes the sale', async () => {
    const before = (await tillPayments(kit, till.deviceId)).length;
    const ledger = await cardLedger(kit);
    await mugToTender();
    await page.keyboard.press('F9');
    await cardIn('waiting').waitFor();
    // Not back to the cart while the customer may hold their card to the reader: Esc cancels the card.
    expect(await page.getByRole('button', { name: 'Back to the cart (Esc)' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await cardIn('canceled').waitFor();
    expect(await page.getByTestId('tender').isVisible()).toBe(true);
    const [canceled] = (await tillPayments(kit, till.deviceId)).slice(before);
    expect(canceled).toMatchObject({ state: 'canceled', amount: 1250 });
    // A card presented now finds nothing waiting: nothing is held.
    expect((await cardLedger(kit)).held).toBe(ledger.held);

    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await nextSale();
    expect(await tendersOf(receipts)).toEqual([expect.objectContaining({ method: 'cash', amount: 1250 })]);
  });

  it('going back to the cart after a card was approved for part of the sale releases that card’s hold', async () => {
    const before = (await tillPayments(kit, till.deviceId)).length;
    const ledger = await cardLedger(kit);
    await mugToTender();
    await page.getByLabel('Cash handed over').fill('4');
    await page.keyboard.press('F9');
    await cardIn('waiting').waitFor();
    await presentCard(kit, 'approve');
    await cardIn('approved').waitFor();
    await page.keyboard.press('Escape');
    await page.getByLabel('Scan').waitFor();
    await expect.poll(async () => (await tillPayments(kit, till.deviceId)).slice(before).map((p) => p.state)).toEqual(['canceled']);
    const after = await cardLedger(kit);
    expect(after.released - ledger.released).toBe(400);
    expect(after.captured).toBe(ledger.captured);
    // The cart is as it was: pay it in cash.
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    expect(await page.getByTestId('tendered').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await nextSale();
  });

  it('offline, a card is refused at once with a clear message, and cash goes on', async () => {
    const before = (await tillPayments(kit, till.deviceId)).length;
    await page.context().setOffline(true);
    try {
      await mugToTender();
      await page.keyboard.press('F9');
      await cardIn('refused').waitFor();
      expect(await card().textContent()).toBe(OFFLINE);
      await page.keyboard.press('Enter');
      await page.getByTestId('receipt').waitFor();
      expect(await page.getByTestId('receipt-card').count()).toBe(0);
      await nextSale();
    } finally {
      await page.context().setOffline(false);
    }
    expect((await tillPayments(kit, till.deviceId)).length).toBe(before);
    expect(await tendersOf(receipts)).toEqual([expect.objectContaining({ method: 'cash', amount: 1250 })]);
  });
});
