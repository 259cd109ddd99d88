import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestKernel } from '@kits/plugin-sdk/test-kit';
import { chromium, type Browser, type Page } from 'playwright-core';
import { testProgram } from '../../../../testing/prerequisites/system-packages.ts';

/** Where UI tests save the screenshots a person looks at. */
export const SCREENSHOTS = fileURLToPath(new URL('../../../../test-results/screenshots/', import.meta.url));

/** Debian's Chromium (the one on PATH), headless, as this machine can run it (Playwright cannot download browsers here). */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: testProgram('chromium'),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** What a person does at a new till: pair it with the admin's code, then sign in with email and PIN. */
export async function pairAndSignIn(page: Page, till: { url: string; code: string; email: string; pin: string }): Promise<void> {
  // An uncaught error in the till belongs in the test output: a failing UI test should say why.
  page.on('pageerror', (error) => console.error(`[till page error] ${error.message}`));
  await page.goto(`${till.url}/till/`);
  await page.fill('input[name=code]', till.code);
  await page.keyboard.press('Enter');
  await page.fill('input[name=email]', till.email);
  await page.fill('input[name=pin]', till.pin);
  await page.keyboard.press('Enter');
  await tillReady(page);
}

/** A test kernel's till device paired at `url` (the admin makes the code), then `person` signed in on it. */
export async function pairTestTill(
  page: Page,
  kit: TestKernel,
  url: string,
  person: { deviceId: string; email: string; pin: string },
): Promise<void> {
  const pairing = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${person.deviceId}/pairing-code`);
  await pairAndSignIn(page, { url, code: pairing.body.code, email: person.email, pin: person.pin });
}

/** The checkout is open and the till has its catalogue (the first pull has finished, or failed offline). */
export async function tillReady(page: Page): Promise<void> {
  await page.getByLabel('Scan').waitFor();
  await page.locator('.catalogue-progress').waitFor({ state: 'detached' });
}

/**
 * A barcode scanner's burst at the element with the focus: every key of the code and Enter within
 * a millisecond, as a keyboard-wedge scanner sends them. Playwright's own typing cannot promise a
 * scanner's speed on a loaded machine, so the keys are dispatched in the page (they reach the
 * till's listeners as keydown events; like any script-made event they type nothing and press nothing).
 */
export async function scannerBurst(page: Page, code: string): Promise<void> {
  await page.evaluate(
    (keys) => {
      const target = document.activeElement ?? document.body;
      for (const key of keys) target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
    },
    [...code, 'Enter'],
  );
}
