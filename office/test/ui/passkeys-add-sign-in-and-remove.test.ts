import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gotoOffice, launchChromium, officeAdmin, officeReady, openOffice, shootOffice } from '../../testing/office-browser.ts';

type Stored = { accessToken: string };

/**
 * Passkeys in Chromium with a virtual authenticator (the DevTools protocol's WebAuthn domain: a
 * platform authenticator with user verification, as a laptop's fingerprint reader is): a person adds
 * one on the account page, signs in with it without typing anything, and removes it — after which
 * the kernel refuses it. The office is opened at `localhost` (a passkey belongs to a host name; an IP
 * address cannot hold one).
 */
describe('passkeys in the back office', () => {
  let kit: TestKernel;
  let browser: Browser;
  let page: Page;
  let url: string;

  const signedInAs = async () => {
    const stored = JSON.parse((await page.evaluate(() => localStorage.getItem('kits-office-session')))!) as Stored;
    return kit.request<{ items: Array<{ method: string; secondFactor: boolean; current: boolean }> }>('GET', '/api/v1/auth/sessions', {
      token: stored.accessToken,
    });
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).waitFor();
  };

  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres' });
    url = (await kit.kernel.listen()).replace('127.0.0.1', 'localhost');
    browser = await launchChromium();
    page = await openOffice(browser, url, officeAdmin(kit.tenant));
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('WebAuthn.enable');
    await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
  });

  it('adds a passkey on the account page, signs in with it (a sign-in with two factors), removes it, and is refused with it after', async () => {
    await gotoOffice(page, url, '/account');
    const add = page.getByRole('form', { name: 'Add a passkey' });
    await add.getByLabel('Passkey name').fill('Work laptop');
    await add.getByRole('button', { name: 'Add a passkey' }).click();
    const table = page.getByRole('grid', { name: 'Your passkeys' });
    await table.getByText('Work laptop').waitFor();
    const [stored] = await kit.kernel.db.query<{ name: string; transports: string[] }>('select name, transports from kernel.passkeys');
    expect(stored?.name).toBe('Work laptop');
    // From the top, without the toast: a full-page shot of a scrolled page draws the sticky top bar over the cards.
    await page.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' }).click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await shootOffice(page, 'identity-account-passkeys');

    await signOut();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await officeReady(page);
    const sessions = await signedInAs();
    expect(sessions.body.items.find((session) => session.current)).toMatchObject({ method: 'passkey', secondFactor: true });
    const [used] = await kit.kernel.db.query<{ last_used_at: Date | null }>('select last_used_at from kernel.passkeys');
    expect(used?.last_used_at).not.toBeNull();

    await gotoOffice(page, url, '/account');
    await table.getByRole('button', { name: 'Remove Work laptop' }).click();
    await expect.poll(() => kit.kernel.db.query('select 1 from kernel.passkeys')).toEqual([]);
    await signOut();
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    const refused = page.getByRole('alert');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('This passkey is not one of this KiTS');
    expect(await page.getByRole('navigation', { name: 'Back office' }).count()).toBe(0);
  });

  it('bad passkey answers are refused with a problem, and sign nobody in', async () => {
    const before = await kit.kernel.db.query('select count(*)::int as n from kernel.sessions');
    const forged = {
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'e30', authenticatorData: 'AA', signature: 'AA' },
    };
    const cases: Array<[string, unknown, number, string]> = [
      ['/api/v1/auth/passkeys/sign-in', { response: forged }, 401, 'auth.passkey_unknown'],
      ['/api/v1/auth/passkeys/sign-in', { response: { ...forged, type: 'password' } }, 400, 'request.invalid'],
      ['/api/v1/auth/passkeys/sign-in', {}, 400, 'request.invalid'],
    ];
    for (const [path, body, status, code] of cases) {
      const answer = await kit.request<{ code: string }>('POST', path, { token: null, body });
      expect([path, answer.status, answer.body.code]).toEqual([path, status, code]);
    }
    const registered = await kit.request<{ code: string }>('POST', '/api/v1/auth/passkeys', { body: { name: 'Forged', response: forged } });
    expect([registered.status, registered.body.code]).toEqual([400, 'auth.passkey_invalid']);
    const byKey = await kit.request<{ code: string }>('GET', '/api/v1/auth/passkeys', { token: null });
    expect(byKey.status).toBe(401);
    expect(await kit.kernel.db.query('select count(*)::int as n from kernel.sessions')).toEqual(before);
    expect(await kit.kernel.db.query('select 1 from kernel.passkeys')).toEqual([]);
  });
});
