import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../../../testing/first-party-plugins.ts';
import { stockShelf } from '../../../../till/test/ui/support/shop.ts';
import { launchChromium, SCREENSHOTS } from '../../../../till/test/ui/support/till-browser.ts';
import { approveAsManager, managerDialog, tillWithAManager } from '../../../../till/test/ui/support/till-with-a-manager.ts';

const PRICE_OVERRIDE = 'core-sales:price.override';
const MUG = '4006381333931';

/**
 * A cashier without core-sales:price.override sells a Ceramic Mug (€12.50) at €9.00 in Chromium:
 * Alt+P and the price ask a manager on the sale screen; cancelled, the price stays as it was; Maria's
 * PIN puts it on the line, the sale names her and the server audits it with both names. Offline the
 * till checks her PIN itself. Parking the sale spends her approval on the server.
 */
describe('another price, approved by a manager on the cashier’s till (Chromium, PostgreSQL)', () => {
  let kit: TestKernel;
  let cashier: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let mariaId: string;

  const dialog = () => managerDialog(page);
  /** A mug in the cart, Alt+P, 9.00 and Enter: the manager's dialog comes. */
  const mugAtNine = async () => {
    await page.keyboard.type(MUG, { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€12.50');
    await page.keyboard.press('Alt+p');
    await page.getByLabel('Price of one Ceramic Mug').waitFor();
    await page.keyboard.type('9.00');
    await page.keyboard.press('Enter');
    await dialog().getByTestId('approval-what').filter({ hasText: 'Ceramic Mug at €9.00' }).waitFor();
  };
  const approveAsMaria = async () => {
    await approveAsManager(page);
    await dialog().waitFor({ state: 'detached' });
  };
  /** The cart shows the new price and who approved it; paid in cash, the receipt comes and the next sale starts. */
  const payAtNine = async () => {
    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Price changed to €9.00' }).waitFor();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€9.00');
    expect(await page.getByTestId('approved-by').textContent()).toBe('Approved by Maria Manager');
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
  };
  const sales = async () =>
    (
      await kit.kernel.db.query<{ total: string; cashier_id: string }>('select total, cashier_id from sales.sales order by receipt_number')
    ).map((row) => [Number(row.total), row.cashier_id]);
  const approvedSales = async () =>
    (
      await kit.kernel.db.query<{ detail: Record<string, unknown> }>(
        "select detail from kernel.audit_log where action = 'sales.sale.approved' order by audit_id",
      )
    ).map((row) => row.detail);

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres' });
    const url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: MUG, price: 1250, quantity: 20 }]);
    browser = await launchChromium();
    ({
      cashier,
      managerId: mariaId,
      context,
      page,
    } = await tillWithAManager(kit, url, browser, {
      cashier: ['core-sales:checkout', 'core-sales:shift'],
      manager: ['core-sales:checkout', 'core-sales:shift', PRICE_OVERRIDE, 'core-sales:discount'],
    }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('cancelled, the price stays as it was; Maria’s PIN changes it, and the server audits the sale with the cashier and her', async () => {
    await mugAtNine();
    // The manager's dialog over the sale screen: look at it.
    await page.screenshot({ path: `${SCREENSHOTS}price-override-approval-1024x768.png` });
    await dialog().getByRole('button', { name: 'Cancel (Esc)' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(await page.getByTestId('total').textContent()).toBe('€12.50');
    expect(await page.locator('[data-testid=cart] tr').filter({ hasText: 'Price changed' }).count()).toBe(0);
    // The price field is still open with the price typed: Enter asks again.
    await expect.poll(() => page.getByLabel('Price of one Ceramic Mug').evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await dialog().getByTestId('approval-what').filter({ hasText: 'Ceramic Mug at €9.00' }).waitFor();
    await approveAsMaria();
    await page.screenshot({ path: `${SCREENSHOTS}price-override-approved-1024x768.png` });
    await payAtNine();

    await expect.poll(sales, { timeout: 15_000 }).toEqual([[900, cashier.cashierId]]);
    const [stepUp] = await kit.kernel.db.query<{ detail: { approvalId: string } }>(
      "select detail from kernel.audit_log where action = 'auth.step_up.approved'",
    );
    expect(await approvedSales()).toEqual([
      expect.objectContaining({
        receiptNumber: 1,
        permission: PRICE_OVERRIDE,
        action: 'price.override',
        cashierId: cashier.cashierId,
        approverId: mariaId,
        approvalId: stepUp!.detail.approvalId,
        approvedOn: 'kernel',
      }),
    ]);
  });

  it('offline, the till checks Maria’s PIN itself; the sale names her and the server audits it when it arrives', async () => {
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await mugAtNine();
    await approveAsMaria();
    await payAtNine();

    await context.setOffline(false);
    await expect.poll(sales, { timeout: 30_000 }).toEqual([
      [900, cashier.cashierId],
      [900, cashier.cashierId],
    ]);
    expect((await approvedSales()).at(-1)).toMatchObject({
      receiptNumber: 2,
      permission: PRICE_OVERRIDE,
      action: 'price.override',
      cashierId: cashier.cashierId,
      approverId: mariaId,
      approvalId: null,
      approvedOn: 'till',
    });
  });

  it('parking it spends the price’s approval (parked at €9.00); with a discount she approved too, the till says it cannot be parked', async () => {
    const parked = async () =>
      (await kit.kernel.db.query<{ total: string }>("select total from sales.sales where status = 'parked'")).map((row) =>
        Number(row.total),
      );
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
    await mugAtNine();
    await approveAsMaria();
    await page.locator('[data-testid=cart] tr').filter({ hasText: 'Price changed to €9.00' }).waitFor();
    await page.keyboard.press('F8');
    await page.getByRole('status').filter({ hasText: 'Sale parked' }).waitFor();
    expect(await parked()).toEqual([900]);
    const [spent] = await kit.kernel.db.query<{ used_for: string }>(
      'select used_for from kernel.step_up_approvals where permission = $1 and used_at is not null',
      [PRICE_OVERRIDE],
    );
    expect(spent?.used_for).toBe('POST /api/v1/core-sales/parked');

    await mugAtNine();
    await approveAsMaria();
    await page.keyboard.press('F7');
    await page.keyboard.type('10%');
    await page.keyboard.press('Enter');
    await dialog().getByTestId('approval-what').filter({ hasText: '10 % off the whole sale' }).waitFor();
    await approveAsMaria();
    await expect.poll(() => page.getByTestId('total').textContent()).toBe('€8.10');
    await page.keyboard.press('F8');
    await page
      .getByRole('alert')
      .filter({ hasText: 'A manager approved both a discount and a price on this sale, and parking carries one approval' })
      .waitFor();
    expect(await parked()).toEqual([900]);
  });
});
