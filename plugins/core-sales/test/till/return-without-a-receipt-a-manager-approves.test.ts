import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../../../testing/first-party-plugins.ts';
import { stockShelf } from '../../../../till/test/ui/support/shop.ts';
import { launchChromium, SCREENSHOTS } from '../../../../till/test/ui/support/till-browser.ts';
import { approveAsManager, managerDialog, tillWithAManager } from '../../../../till/test/ui/support/till-with-a-manager.ts';

const WITHOUT_RECEIPT = 'core-sales:refund.without-receipt';
const OVER_LIMIT = 'core-sales:refund.over-limit';
const MUG = '4006381333931';

/**
 * A cashier who may refund, but neither without a receipt nor above the shop's limit (€20.00), takes
 * Ceramic Mugs (€12.50) back with no receipt in Chromium. The "No receipt" choice is theirs too; taking
 * them back asks a manager: cancelled, nothing is refunded and the panel says why; Maria's PIN lets it
 * through, audited with both names. Two mugs (€25.00) are above the limit too: two dialogs in turn,
 * offline here, where the till checks her PIN itself.
 */
describe('a return without a receipt, approved by a manager on the cashier’s till (Chromium, PostgreSQL)', () => {
  let kit: TestKernel;
  let cashier: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let mariaId: string;

  const dialog = () => managerDialog(page);
  /** F10, "No receipt", `count` mugs scanned with a reason, and the button: the manager's dialog comes. */
  const takeMugsBack = async (count: number, screenshot?: string) => {
    await page.keyboard.press('F10');
    await page.getByRole('button', { name: 'No receipt' }).click();
    await page.getByLabel('Scan what comes back').waitFor();
    for (let i = 0; i < count; i++) {
      await page.keyboard.type(MUG, { delay: 5 });
      await page.keyboard.press('Enter');
    }
    const amount = `€${(12.5 * count).toFixed(2)}`;
    await expect.poll(() => page.getByTestId('refund-due').textContent()).toBe(`Refund in cash: ${amount}`);
    expect(await page.getByTestId('refund-approval').textContent()).toBe(
      count > 1
        ? 'Without a receipt and above the refund limit of €20.00: a manager approves both.'
        : 'Without a receipt: a manager approves it.',
    );
    await page.getByLabel('Why it comes back').fill('a gift, no receipt');
    if (screenshot) await page.screenshot({ path: `${SCREENSHOTS}${screenshot}` });
    await page.getByRole('button', { name: 'Take back and refund in cash' }).click();
    await dialog()
      .getByTestId('approval-what')
      .filter({ hasText: `Return without a receipt: ${amount}` })
      .waitFor();
  };
  const approveAsMaria = async () => {
    await approveAsManager(page);
  };
  const refunds = async () =>
    (
      await kit.kernel.db.query<{ total: string; cashier_id: string; sale_id: string | null }>(
        'select total, cashier_id, sale_id from sales.refunds order by created_at',
      )
    ).map((row) => [Number(row.total), row.cashier_id, row.sale_id]);
  const approvedRefunds = async () =>
    (
      await kit.kernel.db.query<{ detail: Record<string, unknown> }>(
        "select detail from kernel.audit_log where action = 'sales.refund.approved' order by audit_id",
      )
    ).map((row) => row.detail);

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'postgres', settings: { 'core-sales': { refundLimit: 2000 } } });
    const url = await kit.kernel.listen();
    await stockShelf(kit, [{ name: 'Ceramic Mug', sku: 'MUG-BLK', barcode: MUG, price: 1250, quantity: 20 }]);
    browser = await launchChromium();
    ({
      cashier,
      managerId: mariaId,
      context,
      page,
    } = await tillWithAManager(kit, url, browser, {
      cashier: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund'],
      manager: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', WITHOUT_RECEIPT, OVER_LIMIT],
    }));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('cancelled, nothing is refunded and the panel says why; Maria’s PIN refunds it, audited with the cashier and her', async () => {
    await takeMugsBack(1);
    // The manager's dialog over the return panel: look at it.
    await page.screenshot({ path: `${SCREENSHOTS}return-without-receipt-approval-1024x768.png` });
    await dialog().getByRole('button', { name: 'Cancel (Esc)' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page
      .getByTestId('return')
      .getByRole('alert')
      .filter({ hasText: 'A return without a receipt needs a manager, and none approved this one (€12.50): nothing was refunded.' })
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}return-without-receipt-cancelled-1024x768.png` });
    expect(await kit.kernel.db.query('select 1 from sales.refunds')).toEqual([]);

    await page.getByRole('button', { name: 'Take back and refund in cash' }).click();
    await approveAsMaria();
    await dialog().waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Return without a receipt recorded: give the customer back €12.50 in cash.' })
      .waitFor();
    await expect.poll(refunds, { timeout: 15_000 }).toEqual([[1250, cashier.cashierId, null]]);
    const [stepUp] = await kit.kernel.db.query<{ detail: { approvalId: string } }>(
      "select detail from kernel.audit_log where action = 'auth.step_up.approved'",
    );
    expect(await approvedRefunds()).toEqual([
      expect.objectContaining({
        saleId: null,
        total: 1250,
        permission: WITHOUT_RECEIPT,
        action: 'refund.without-receipt',
        cashierId: cashier.cashierId,
        approverId: mariaId,
        approvalId: stepUp!.detail.approvalId,
        approvedOn: 'kernel',
      }),
    ]);
  });

  it('above the limit too, offline: two dialogs in turn, each with Maria’s PIN; the refund names both approvals', async () => {
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await takeMugsBack(2, 'return-without-receipt-over-limit-1024x768.png');
    await approveAsMaria();
    // The second dialog: the refund limit.
    await dialog().getByTestId('approval-what').filter({ hasText: 'Refund of €25.00' }).waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}return-without-receipt-over-limit-approval-1024x768.png` });
    await approveAsMaria();
    await dialog().waitFor({ state: 'detached' });
    await page
      .getByRole('status')
      .filter({ hasText: 'Return without a receipt recorded: give the customer back €25.00 in cash.' })
      .waitFor();

    await context.setOffline(false);
    await expect.poll(refunds, { timeout: 30_000 }).toEqual([
      [1250, cashier.cashierId, null],
      [2500, cashier.cashierId, null],
    ]);
    const both = (await approvedRefunds()).slice(1);
    expect(both.map((entry) => [entry['permission'], entry['action'], entry['total'], entry['approverId'], entry['approvedOn']])).toEqual([
      [WITHOUT_RECEIPT, 'refund.without-receipt', 2500, mariaId, 'till'],
      [OVER_LIMIT, 'refund.over-limit', 2500, mariaId, 'till'],
    ]);
    expect(both.every((entry) => entry['cashierId'] === cashier.cashierId)).toBe(true);
  });
});
