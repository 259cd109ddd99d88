import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, launchChromium, officeAdmin, openOffice } from '../../testing/office-browser.ts';
import { refusedPort, startAgentProcess, type AgentProcess } from './support/hardware-agent-process.ts';

const SHOTS = fileURLToPath(new URL('../../../docs/screenshots/hardware/', import.meta.url));
const SIZES = [
  { width: 1280, height: 800 },
  { width: 390, height: 844 },
] as const;

async function shoot(page: Page, name: string): Promise<void> {
  const before = page.viewportSize();
  const panel = page.getByTestId('printers-on-this-computer');
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await panel.scrollIntoViewIfNeeded();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${SHOTS}${name}-${size.width}x${size.height}.png` });
  }
  if (before) await page.setViewportSize(before);
}

/** Settings → Printers on this computer, in Chromium against a real kernel and a real hardware agent process. */
describe('the office reaches this computer’s printers through the hardware agent', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;
  let agent: AgentProcess;

  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres' });
    url = await kit.kernel.listen();
    agent = await startAgentProcess(url);
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant), SIZES[0]);
  }, 120_000);
  afterAll(async () => {
    agent?.process.kill();
    await browser?.close();
    await kit?.close();
  });

  const panel = () => page.getByTestId('printers-on-this-computer');

  it('saves the agent’s address in this browser and says the agent answers', async () => {
    await gotoOffice(page, url, '/settings');
    await panel().waitFor();
    await panel().getByLabel('Hardware agent address').fill(agent.url);
    await panel().getByRole('button', { name: 'Save and check' }).click();

    await panel().getByRole('status').filter({ hasText: 'Answers' }).waitFor();
    expect(await panel().getByRole('status').textContent()).toBe(
      `Answers The hardware agent at ${agent.url} answers: this computer can print to the shop’s network printers.`,
    );
    expect(await page.evaluate(() => localStorage.getItem('kits.office.hardwareAgentUrl'))).toBe(agent.url);
    await shoot(page, 'printers-on-this-computer-answers');

    // Kept in this browser: the panel checks the saved address again when the settings open next.
    await page.reload();
    await panel().getByRole('status').filter({ hasText: 'Answers' }).waitFor();
    expect(await panel().getByLabel('Hardware agent address').inputValue()).toBe(agent.url);
  });

  it('says no agent answers, and to start it with --allow-origin this office’s address, when none runs there', async () => {
    const nowhere = `ws://127.0.0.1:${await refusedPort()}`;
    await panel().getByLabel('Hardware agent address').fill(nowhere);
    await panel().getByRole('button', { name: 'Save and check' }).click();

    const status = panel().getByRole('status').filter({ hasText: 'Does not answer' });
    await status.waitFor();
    expect(await status.textContent()).toBe(
      `Does not answer The hardware agent at ${nowhere} does not answer: start it on this computer with --allow-origin ${url} (Settings → Printers on this computer shows the command), or check its address there.` +
        `To start it on this computer: npm run --workspace till hardware-agent -- --allow-origin ${url}`,
    );
    await shoot(page, 'printers-on-this-computer-no-agent');
  });

  it('refuses an address that is not a WebSocket one, saying what it looks like, and keeps the saved one', async () => {
    const saved = await page.evaluate(() => localStorage.getItem('kits.office.hardwareAgentUrl'));
    await panel().getByLabel('Hardware agent address').fill('http://127.0.0.1:9181');
    await panel().getByRole('button', { name: 'Save and check' }).click();

    await panel().getByRole('alert').waitFor();
    expect(await panel().getByRole('alert').textContent()).toBe(
      '“http://127.0.0.1:9181” is not a hardware agent address: it looks like ws://127.0.0.1:9181.',
    );
    expect(await page.evaluate(() => localStorage.getItem('kits.office.hardwareAgentUrl'))).toBe(saved);
  });
});
