import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { demoKernelEnv, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';
import { createScratchPostgres, httpClient, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import type { Browser, Page } from 'playwright-core';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, pairAndSignIn, SCREENSHOTS, signInOnTill, tillReady } from './support/till-browser.ts';

const PLUGINS = fileURLToPath(new URL('../../../plugins/', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/**
 * The kernel goes down (killed) while the till sells: five sales are rung up offline, and when
 * the kernel is back every one of them, and the stock they took, is on the server.
 */
describe('selling offline in the till, as a cashier does', () => {
  let database: ScratchDatabase;
  let env: Record<string, string>;
  let kernel: KernelProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    database = await createScratchPostgres();
    env = demoKernelEnv(database.url, [PLUGINS], await freePort());
    kernel = await startKernelProcess(env);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kernel?.stop();
    await database?.drop();
  });

  const query = async <Row>(sql: string, params: unknown[] = []) => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(sql, params)).rows as Row[];
    } finally {
      await client.end();
    }
  };
  const completedSales = () =>
    query<{ receipt_number: string }>(
      "select receipt_number from sales.sales where device_id = $1 and status = 'completed' order by receipt_number",
      [kernel.deviceId],
    );
  /** Scan a flat white, pay the exact amount in cash, start the next sale — all from the keyboard. */
  const sellFlatWhite = async () => {
    await page.keyboard.type('2000000000015', { delay: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=cart] tr').count(), { timeout: 10_000 }).toBe(1);
    await page.keyboard.press('Enter');
    await page.getByTestId('tender').waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('receipt').waitFor();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('[data-testid=cart] tr').count(), { timeout: 10_000 }).toBe(0);
  };

  it('keeps selling with the kernel gone, and every sale reaches the server when it is back', async () => {
    // Pairing: the demo admin creates a code for the till device; the till is paired with it once.
    const admin = httpClient(kernel.url);
    const { accessToken } = (
      await admin<{ accessToken: string }>('POST', '/api/v1/auth/login', {
        body: { tenant: 'demo', email: 'admin@demo.kits', password: 'demo-admin-pass' },
      })
    ).body;
    const pairing = await admin<{ code: string }>('POST', `/api/v1/tenants/current/devices/${kernel.deviceId}/pairing-code`, {
      token: accessToken,
    });
    await pairAndSignIn(page, { url: kernel.url, code: pairing.body.code, email: 'cashier@demo.kits', pin: '1234' });
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor();
    await page.getByLabel('Scan').waitFor();
    const [before] = await query<{ on_hand: string }>(
      "select l.on_hand from inventory.stock_levels l join inventory.variants v using (tenant_id, variant_id) where v.sku = 'COF-FW' and l.location_id = (select location_id from kernel.devices where device_id = $1)",
      [kernel.deviceId],
    );

    await sellFlatWhite();
    await expect.poll(async () => (await completedSales()).length, { timeout: 15_000 }).toBe(1);
    // The till has the server's answers too (else what it sent counts as waiting until it is back).
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 15_000 });

    await kernel.kill();
    await page.getByTestId('connection').filter({ hasText: 'Offline' }).waitFor();
    for (let i = 0; i < 4; i++) await sellFlatWhite();
    // The till restarts with the kernel still gone: its page comes from what the service worker
    // kept, the cashier's PIN is checked on the till, and the fifth sale is rung up like the others.
    // (By e-mail, the fallback to the staff list: the till kept the list, offline too.)
    await page.reload();
    await signInOnTill(page, { email: 'cashier@demo.kits', pin: '1234' });
    await tillReady(page);
    expect(await page.getByTestId('connection').textContent()).toBe('Offline');
    expect(await page.getByTestId('waiting').textContent()).toBe('4 to send');
    // The plugins' till bundles were kept too: inventory's stock screen is in the menu, nothing failed to load.
    expect(await page.locator('.till-bar nav button').allTextContents()).toContain('Stock');
    expect(await page.locator('.plugin-failed').count()).toBe(0);
    await sellFlatWhite();
    await expect.poll(() => page.getByTestId('waiting').textContent(), { timeout: 10_000 }).toBe('5 to send');
    await page.screenshot({ path: `${SCREENSHOTS}offline-1280x800.png` });
    // Today's sales come from the till's own log: all six, five of them waiting to be sent.
    await page.getByRole('button', { name: 'Today' }).click();
    await page.getByTestId('today-total').filter({ hasText: '6 sales' }).waitFor();
    expect(await page.locator('[data-testid=today] tr').filter({ hasText: 'waiting to send' }).count()).toBe(5);
    await page.screenshot({ path: `${SCREENSHOTS}today-offline-1280x800.png` });
    expect(await completedSales()).toHaveLength(1);

    kernel = await startKernelProcess(env);
    await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 60_000 });
    expect((await completedSales()).map((s) => Number(s.receipt_number))).toEqual([1, 2, 3, 4, 5, 6]);
    const [after] = await query<{ on_hand: string }>(
      "select l.on_hand from inventory.stock_levels l join inventory.variants v using (tenant_id, variant_id) where v.sku = 'COF-FW' and l.location_id = (select location_id from kernel.devices where device_id = $1)",
      [kernel.deviceId],
    );
    expect(Number(before!.on_hand) - Number(after!.on_hand)).toBe(6);
    await page.getByTestId('connection').filter({ hasText: 'Online' }).waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=today] tr').filter({ hasText: 'sent' }).count()).toBe(6);
  }, 180_000);
});
