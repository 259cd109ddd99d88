import { fileURLToPath } from 'node:url';
import { createTestKernel, startOidcTestProvider, TEST_OPERATOR, type OidcTestProvider, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../testing/free-port.ts';
import { gotoOffice, launchChromium, officeAdmin, openOffice, shootOffice } from '../../testing/office-browser.ts';

const kernelFixture = (name: string) => fileURLToPath(new URL(`../../../kernel/test/fixtures/plugins/${name}`, import.meta.url));

/**
 * An operator signs in on a shop's plugin page with the platform's own identity provider
 * (OPERATOR_OIDC_*): the provider's login page opens in a window of its own, which hands the page a
 * one-time code and closes; the operator then pins a version for the shop.
 */
describe('an operator signs in with the platform identity provider in the back office', () => {
  let kit: TestKernel;
  let idp: OidcTestProvider;
  let browser: Browser;
  let page: Page;
  let url: string;

  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    idp = await startOidcTestProvider({ redirectUris: [`${url}/api/v1/auth/operator/sso/callback`], name: 'Platform ID' });
    idp.addPerson({ sub: 'olga', email: TEST_OPERATOR.email, name: 'Olga Operator' });
    idp.addPerson({ sub: 'stranger', email: 'stranger@platform.test', name: 'Not an operator' });
    kit = await createTestKernel({
      plugins: [kernelFixture('loyalty-1'), kernelFixture('loyalty-2')],
      db: 'postgres',
      env: {
        PORT: String(port),
        OPERATOR_OIDC_ISSUER: idp.issuer,
        OPERATOR_OIDC_CLIENT_ID: idp.clientId,
        OPERATOR_OIDC_CLIENT_SECRET: idp.clientSecret,
      },
    });
    expect(await kit.kernel.listen()).toBe(url);
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
    await idp?.close();
  });

  /** Clicks the button and signs in as `email` on the provider's page in the window it opens. */
  const signInThroughWindow = async (email: string) => {
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      page.getByRole('button', { name: "Sign in with the platform's account" }).click(),
    ]);
    await popup.getByLabel('Work e-mail').fill(email);
    // The window closes itself once the provider sends it back: listened for before the click, so a
    // quick close is not missed.
    const closed = popup.waitForEvent('close', { timeout: 15_000 });
    await popup.getByRole('button', { name: 'Sign in' }).click();
    await closed;
  };

  it('a company account that is no operator is refused in words; an operator signs in and pins a version', async () => {
    await gotoOffice(page, url, '/marketplace/loyalty');
    await page.getByRole('button', { name: 'Operator: pin a version…' }).click();
    await signInThroughWindow('stranger@platform.test');
    await page
      .getByRole('form', { name: 'Operator sign-in' })
      .getByText('Your company account has no operator account here; an operator adds one first.')
      .waitFor();
    await shootOffice(page, 'kernel-marketplace-operator-sso-refused');

    // The provider remembers who signed in last (its session cookie): the operator is another person.
    await page.context().clearCookies();
    await signInThroughWindow(TEST_OPERATOR.email);
    await page.getByLabel('Version or range').fill('1.0.0');
    await page.getByRole('button', { name: 'Pin for this shop' }).click();
    await page.getByText('Pinned to 1.0.0: the shop runs 1.0.0.').waitFor();
    const [install] = await kit.kernel.db.query<{ version_range: string }>(
      'select version_range from kernel.plugin_installs where tenant_id = $1 and plugin_id = $2',
      [kit.tenant.id, 'loyalty'],
    );
    expect(install!.version_range).toBe('1.0.0');
    const byOperator = await kit.kernel.db.query<{ actor_id: string }>(
      "select actor_id from kernel.audit_log where tenant_id = $1 and actor_kind = 'operator'",
      [kit.tenant.id],
    );
    const [operator] = await kit.kernel.db.query<{ operator_id: string }>('select operator_id from kernel.operators where email = $1', [
      TEST_OPERATOR.email,
    ]);
    expect(byOperator.map((row) => row.actor_id)).toContain(operator!.operator_id);
  });
});
