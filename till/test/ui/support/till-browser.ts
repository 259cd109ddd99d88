import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { TestKernel } from '@kits/kernel/test-kit';
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

/** Who signs in on a till: picked by `name` from the till's staff list when given (and listed), else by e-mail. */
export interface TillPerson {
  readonly email: string;
  readonly pin: string;
  readonly name?: string;
}

/**
 * What a cashier does on the sign-in screen: picks their name from the staff list and types their
 * PIN — or, with no name given or no list (a till paired before device keys), signs in with e-mail.
 * Does not wait for the checkout (a refused PIN stays on the screen).
 */
export async function signInOnTill(page: Page, person: TillPerson): Promise<void> {
  const staff = page.getByRole('group', { name: 'Who is signing in?' });
  const signingIn = page.getByTestId('signing-in');
  await page.locator('.staff-picker, input[name=email], [data-testid=signing-in]').first().waitFor();
  // A PIN refused a moment ago leaves the PIN form of whoever was picked: the same person just types again.
  const picked = (await signingIn.isVisible()) ? await signingIn.textContent() : undefined;
  if (picked !== undefined && picked !== person.name) {
    await page.getByRole('button', { name: /Pick another name/ }).click();
    await staff.waitFor();
  }
  if (picked === undefined || picked !== person.name) {
    const listed = await staff.isVisible();
    if (listed && person.name) {
      await staff.getByRole('button', { name: person.name, exact: true }).click();
      await signingIn.filter({ hasText: person.name }).waitFor();
    } else {
      if (listed) await page.getByRole('button', { name: 'Sign in with e-mail' }).click();
      await page.fill('input[name=email]', person.email);
    }
  }
  await page.fill('input[name=pin]', person.pin);
  await page.keyboard.press('Enter');
}

/** What a person does at a new till: pair it with the admin's code, then pick their name (or type their e-mail) and PIN. */
export async function pairAndSignIn(page: Page, till: TillPerson & { url: string; code: string }): Promise<void> {
  // An uncaught error in the till belongs in the test output: a failing UI test should say why.
  page.on('pageerror', (error) => console.error(`[till page error] ${error.message}`));
  await page.goto(`${till.url}/till/`);
  await page.fill('input[name=code]', till.code);
  await page.keyboard.press('Enter');
  await signInOnTill(page, till);
  await tillReady(page);
}

/** A test kernel's till device paired at `url` (the admin makes the code), then `person` signed in on it. */
export async function pairTestTill(
  page: Page,
  kit: TestKernel,
  url: string,
  person: { deviceId: string; email: string; pin: string; name?: string },
): Promise<void> {
  const pairing = await kit.request<{ code: string }>('POST', `/api/v1/tenants/current/devices/${person.deviceId}/pairing-code`);
  await pairAndSignIn(page, {
    url,
    code: pairing.body.code,
    email: person.email,
    pin: person.pin,
    ...(person.name ? { name: person.name } : {}),
  });
}

/** The checkout is open and the till has its catalog (the first pull has finished, or failed offline). */
export async function tillReady(page: Page): Promise<void> {
  await page.getByLabel('Scan').waitFor();
  await page.locator('.catalog-progress').waitFor({ state: 'detached' });
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
