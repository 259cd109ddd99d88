import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHOP_PLUGINS } from '../../../../testing/first-party-plugins.ts';
import { stockShelf } from '../../../../till/test/ui/support/shop.ts';
import { launchChromium, SCREENSHOTS } from '../../../../till/test/ui/support/till-browser.ts';
import { approveAsManager, managerDialog, tillWithAManager } from '../../../../till/test/ui/support/till-with-a-manager.ts';

const OVER_LIMIT = 'core-sales:refund.over-limit';
const MUG = '4006381333931';

/**
 * The shop's refund limit is €20.00. A cashier who may refund, but not above it, takes two mugs
 * (€25.00) back against a receipt in Chromium: the till asks a manager on the return panel; cancelled,
 * nothing is refunded and the panel says why; Maria's PIN lets it through, and the server audits the
 * refund with both names. Offline the till checks her PIN itself.
 */
describe('a refund above the limit, approved by a manager on the cashier’s till (Chromium, PostgreSQL)', () => {
  let kit: TestKernel;
  let cashier: TestTill;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let mariaId: string;

  const dialog = () => managerDialog(page);
  const sellMugs = async (count: number) => {
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
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await page.keyboard.press('Enter');
    await page.getByLabel('Scan').waitFor();
  };
  /** F10, the receipt, two mugs back with a reason, and the button: the manager's dialog comes. */
  const takeTwoMugsBack = async (receipt: number) => {
    await page.keyboard.press('F10');
    await page.getByLabel('Receipt number').fill(String(receipt));
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'One more Ceramic Mug back' }).click();
    await page.getByRole('button', { name: 'One more Ceramic Mug back' }).click();
    await expect.poll(() => page.getByTestId('refund-due').textContent()).toBe('Refund: €25.00');
    expect(await page.getByTestId('refund-approval').textContent()).toBe('Above the refund limit of €20.00: a manager approves it.');
    await page.getByLabel('Why it comes back').fill('both chipped');
    await page.getByRole('button', { name: 'Take back and refund' }).click();
    await dialog().getByTestId('approval-what').filter({ hasText: 'Refund of €25.00' }).waitFor();
  };
  const approveAsMaria = async () => {
    await approveAsManager(page);
    await dialog().waitFor({ state: 'detached' });
  };
  const refunds = async () =>
    (
      await kit.kernel.db.query<{ total: string; cashier_id: string }>('select total, cashier_id from sales.refunds order by created_at')
    ).map((row) => [Number(row.total), row.cashier_id]);
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
      manager: ['core-sales:checkout', 'core-sales:shift', 'core-sales:refund', OVER_LIMIT],
    }));
    await sellMugs(3);
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 15_000 });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('cancelled, nothing is refunded and the panel says why; Maria’s PIN refunds it, audited with the cashier and her', async () => {
    await takeTwoMugsBack(1);
    // The manager's dialog over the return panel: look at it.
    await page.screenshot({ path: `${SCREENSHOTS}refund-over-limit-approval-1024x768.png` });
    await dialog().getByRole('button', { name: 'Cancel (Esc)' }).click();
    await dialog().waitFor({ state: 'detached' });
    await page
      .getByTestId('return')
      .getByRole('alert')
      .filter({ hasText: 'A refund of €25.00 is above the refund limit of €20.00 and no manager approved it: nothing was refunded.' })
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}refund-over-limit-cancelled-1024x768.png` });
    expect(await kit.kernel.db.query('select 1 from sales.refunds')).toEqual([]);

    await page.getByRole('button', { name: 'Take back and refund' }).click();
    await approveAsMaria();
    await page.getByRole('status').filter({ hasText: 'Return on receipt 1 recorded: give the customer back €25.00' }).waitFor();
    await expect.poll(refunds, { timeout: 15_000 }).toEqual([[2500, cashier.cashierId]]);
    const [stepUp] = await kit.kernel.db.query<{ detail: { approvalId: string } }>(
      "select detail from kernel.audit_log where action = 'auth.step_up.approved'",
    );
    expect(await approvedRefunds()).toEqual([
      expect.objectContaining({
        total: 2500,
        limit: 2000,
        permission: OVER_LIMIT,
        action: 'refund.over-limit',
        cashierId: cashier.cashierId,
        approverId: mariaId,
        approvalId: stepUp!.detail.approvalId,
        approvedOn: 'kernel',
      }),
    ]);
  });

  it('offline, the till checks Maria’s PIN itself; the refund names her and the server audits it when it arrives', async () => {
    await sellMugs(2);
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 15_000 });
    await context.setOffline(true);
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    await takeTwoMugsBack(2);
    await approveAsMaria();
    await page.getByRole('status').filter({ hasText: 'Return on receipt 2 recorded: give the customer back €25.00' }).waitFor();

    await context.setOffline(false);
    await expect.poll(refunds, { timeout: 30_000 }).toEqual([
      [2500, cashier.cashierId],
      [2500, cashier.cashierId],
    ]);
    expect((await approvedRefunds()).at(-1)).toMatchObject({
      total: 2500,
      cashierId: cashier.cashierId,
      approverId: mariaId,
      approvalId: null,
      approvedOn: 'till',
    });
  });
});
