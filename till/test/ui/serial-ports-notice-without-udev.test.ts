import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NO_UDEV_NOTICE } from '../../hardware/serial-port.ts';
import { startAgentProcess, type AgentProcess } from './support/hardware-agent-process.ts';
import { SHOP_PLUGINS } from './support/shop.ts';
import { launchChromium, pairTestTill, SCREENSHOTS } from './support/till-browser.ts';

/** A till whose hardware agent runs on a minimal Linux without udev: the settings screen says so instead of failing. */
describe('the till on a computer without udev', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let agent: AgentProcess;
  let emptyBin: string;

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [...SHOP_PLUGINS], db: 'pglite' });
    const url = await kit.kernel.listen();
    emptyBin = mkdtempSync(join(tmpdir(), 'kits-no-udev-'));
    agent = await startAgentProcess(url, { ...process.env, PATH: emptyBin });
    const till = await kit.signInTill({ permissions: ['core-sales:checkout'] });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await pairTestTill(page, kit, url, till);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    agent?.process.kill();
    await kit?.close();
    rmSync(emptyBin, { recursive: true, force: true });
  });

  it('lists the serial ports it can see under /dev and says why makers are missing and what to install', async () => {
    await page.getByRole('button', { name: 'Settings' }).click();
    const address = page.getByLabel('Hardware agent address');
    await address.fill(agent.url);
    await page.keyboard.press('Enter');
    await page.getByTestId('hardware-status').filter({ hasText: 'The hardware agent answers' }).waitFor();

    await expect.poll(() => page.getByTestId('serial-ports-notice').textContent()).toBe(NO_UDEV_NOTICE);
    // No error is shown: the listing answered.
    expect(await page.getByTestId('hardware-settings').getByRole('alert').count()).toBe(0);
    await page.getByTestId('hardware-settings').screenshot({ path: `${SCREENSHOTS}settings-serial-ports-without-udev-1280x800.png` });
  });
});
