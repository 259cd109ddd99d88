import { createTestKernel, startOidcTestProvider, type OidcTestProvider, type TestKernel } from '@kits/kernel/test-kit';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  gotoOffice,
  launchChromium,
  officeAdmin,
  officeReady,
  openOffice,
  shootOffice,
  signInToOffice,
} from '../../testing/office-browser.ts';

type Member = { id: string; email: string; displayName: string; grants: Array<{ roleName: string; locationId: string | null }> };
type Stored = { accessToken: string; refreshToken: string };

/** The authenticator app: the code for now, or `steps` periods of 30 s later. */
const codeOf = (secret: string, steps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret) }).generate({ timestamp: Date.now() + steps * 30_000 });

/** The tokens the office keeps in this page's browser (office-auth.ts). */
const storedSession = async (page: Page): Promise<Stored> =>
  JSON.parse((await page.evaluate(() => localStorage.getItem('kits-office-session')))!) as Stored;

/**
 * The back office's identity pages in Chromium against a real kernel on PostgreSQL and a real
 * OpenID Provider: a manager sets up company sign-in on the settings page; a person of the
 * company's domain signs in through the provider's own login page and gets the role their group
 * maps to; the sign-in policy makes a staff manager enrol a second factor at their password
 * sign-in, then sign in with a code (a wrong one is refused); they end their other session from
 * the account page, after which that session's refresh is refused.
 */
describe('single sign-on, two-step sign-in and sessions in the back office', () => {
  let kit: TestKernel;
  let idp: OidcTestProvider;
  let browser: Browser;
  let admin: Page;
  let url: string;
  let secret: string;
  let recoveryCodes: string[];
  let firstSession: Page;
  let secondSession: Page;
  const MAX = { email: 'max@shop.test', password: 'max-password-1' };
  const member = async (email: string) =>
    (await kit.request<{ items: Member[] }>('GET', `/api/v1/tenants/current/staff?q=${encodeURIComponent(email)}`)).body.items[0];
  const newPage = async () => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('pageerror', (error) => console.error(`[office page error] ${error.message}`));
    await page.goto(`${url}/office/`);
    return page;
  };

  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres' });
    url = await kit.kernel.listen();
    idp = await startOidcTestProvider({ redirectUris: [`${url}/api/v1/auth/sso/callback`] });
    await kit.request('POST', '/api/v1/tenants/current/roles', { body: { name: 'Shift lead', permissions: ['kernel:audit.read'] } });
    const staffManager = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: 'Staff manager', permissions: ['kernel:users.manage'] },
    });
    await kit.request('POST', '/api/v1/tenants/current/staff', {
      body: { email: MAX.email, displayName: 'Max Manager', password: MAX.password, grants: [{ roleId: staffManager.body.id }] },
    });
    browser = await launchChromium();
    admin = await openOffice(browser, url, officeAdmin(kit.tenant));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await kit?.close();
    await idp?.close();
  });

  it('sets up company sign-in on the settings page: an issuer that cannot be read is refused beside its field, then it is saved', async () => {
    await gotoOffice(admin, url, '/settings');
    const form = admin.getByRole('form', { name: 'Company sign-in' });
    await form.waitFor();
    expect(await form.getByTestId('sso-redirect-uri').textContent()).toBe(`${url}/api/v1/auth/sso/callback`);
    await form.getByLabel('Name', { exact: true }).fill('Acme ID');
    await form.getByLabel('Issuer URL').fill('http://127.0.0.1:9');
    await form.getByLabel('Client ID').fill(idp.clientId);
    await form.getByLabel('Client secret').fill(idp.clientSecret);
    await form.getByLabel('E-mail domains').fill('acme.example');
    await form.getByLabel("Create an account at a person's first sign-in").check();
    await form.getByRole('button', { name: 'Add a group' }).click();
    const group = form.getByRole('group', { name: 'Group 1' });
    await group.getByLabel('Group', { exact: true }).fill('kits-leads');
    await group.getByLabel('Role').selectOption({ label: 'Shift lead' });
    expect(await group.getByLabel('Location').inputValue()).toBe('');
    await form.getByRole('button', { name: 'Save company sign-in' }).click();
    const issuerProblem = form.locator('[data-field="issuer"]').getByRole('alert');
    await issuerProblem.waitFor();
    expect(await issuerProblem.textContent()).toContain('discovery document');
    expect((await kit.request('GET', '/api/v1/tenants/current/identity-provider')).status).toBe(404);

    await form.getByLabel('Issuer URL').fill(idp.issuer);
    await form.getByRole('button', { name: 'Save company sign-in' }).click();
    await admin.getByText('Company sign-in saved.').waitFor();
    const saved = await kit.request<Record<string, unknown>>('GET', '/api/v1/tenants/current/identity-provider');
    expect(saved.body).toMatchObject({
      name: 'Acme ID',
      issuer: idp.issuer,
      clientSecretSet: true,
      emailDomains: ['acme.example'],
      createAccounts: true,
      groupRoles: [expect.objectContaining({ group: 'kits-leads', locationId: null })],
    });
    await form.getByLabel('Client secret').waitFor();
    await expect.poll(() => form.getByLabel('Client secret').getAttribute('placeholder'), { timeout: 5000 }).toBe('•••• stored');
    expect(await form.getByLabel('Client secret').inputValue()).toBe('');
    // From the top, without the toast: a full-page shot of a scrolled page draws the sticky top bar over the card.
    await admin.getByRole('status', { name: 'Notifications' }).getByRole('button', { name: 'Dismiss' }).click();
    await admin.evaluate(() => window.scrollTo(0, 0));
    await shootOffice(admin, 'identity-settings-company-sign-in');
  });

  it("signs a person of the company's domain in through the provider's login page: the account is made, with their group's role", async () => {
    idp.addPerson({ sub: 'ana-1', email: 'ana@acme.example', name: 'Ana Acme', groups: ['kits-leads', 'everyone'] });
    const page = await newPage();
    await page.getByRole('button', { name: 'Continue with your company account' }).click();
    const company = page.getByRole('form', { name: 'Continue with your company account' });
    await company.getByLabel('Work e-mail').fill('bob@elsewhere.example');
    await company.getByRole('button', { name: 'Continue' }).click();
    await company.getByRole('alert').waitFor();
    expect(await company.getByRole('alert').textContent()).toBe(
      'No shop signs in people of elsewhere.example with a company account: sign in with your password.',
    );
    await shootOffice(page, 'identity-sign-in-company-account');
    expect(await member('ana@acme.example')).toBeUndefined();

    await company.getByLabel('Work e-mail').fill('ana@acme.example');
    await company.getByRole('button', { name: 'Continue' }).click();
    // The provider's own login page, on its own origin.
    await page.waitForURL((at) => at.href.startsWith(idp.issuer));
    await page.getByLabel('Work e-mail').fill('ana@acme.example');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await officeReady(page);
    expect(page.url()).toBe(`${url}/office/`);
    const ana = await member('ana@acme.example');
    expect(ana).toMatchObject({ displayName: 'Ana Acme' });
    expect(ana!.grants).toEqual([expect.objectContaining({ roleName: 'Shift lead', locationId: null })]);
    await page.context().close();
  });

  it('a company sign-in that took too long comes back to the sign-in page saying so, in the office’s words', async () => {
    const page = await newPage();
    await page.getByRole('button', { name: 'Continue with your company account' }).click();
    const company = page.getByRole('form', { name: 'Continue with your company account' });
    await company.getByLabel('Work e-mail').fill('ana@acme.example');
    await company.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL((at) => at.href.startsWith(idp.issuer));
    await kit.kernel.db.query("update kernel.sso_attempts set expires_at = now() - interval '1 second' where called_back_at is null");
    await page.getByLabel('Work e-mail').fill('ana@acme.example');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe('The sign-in with your company account took too long. Start again.');
    expect(new URL(page.url()).search).toBe('');
    await page.context().close();
  });

  /** A company sign-in as `email` in a new page, up to the provider's own login page and its answer; `change` alters the request to the provider. */
  const toTheProvider = async (email: string, change?: (authorize: URL) => URL) => {
    const page = await newPage();
    if (change) {
      // As a link someone was sent: the kernel's own start, its authorization URL changed, opened in the browser.
      const started = await fetch(`${url}/api/v1/auth/sso/start?tenant=${kit.tenant.slug}`, { redirect: 'manual' });
      await page.goto(change(new URL(started.headers.get('location')!)).href);
    } else {
      await page.getByRole('button', { name: 'Continue with your company account' }).click();
      const company = page.getByRole('form', { name: 'Continue with your company account' });
      await company.getByLabel('Work e-mail').fill(email);
      await company.getByRole('button', { name: 'Continue' }).click();
    }
    await page.waitForURL((at) => at.href.startsWith(idp.issuer));
    await page.getByLabel('Work e-mail').fill(email);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    return page;
  };
  const refusedWith = async (page: Page, words: string) => {
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(words);
    expect(await page.getByRole('navigation', { name: 'Back office' }).count()).toBe(0);
    await page.context().close();
  };

  it('a tampered ID token and an answer for another nonce are refused on the sign-in page; nobody is signed in', async () => {
    idp.addPerson({ sub: 'tia-1', email: 'tia@acme.example', name: 'Tia', groups: [] });
    idp.tamperTokenResponse((body) => {
      const [header, payload, signature] = String(body.id_token).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      return {
        ...body,
        id_token: `${header}.${Buffer.from(JSON.stringify({ ...claims, name: 'Mallory' })).toString('base64url')}.${signature}`,
      };
    });
    try {
      await refusedWith(
        await toTheProvider('tia@acme.example'),
        "Your company's identity provider sent an answer that failed its checks. Start again, and tell your company's IT if it happens again.",
      );
    } finally {
      idp.tamperTokenResponse(undefined);
    }
    await refusedWith(
      await toTheProvider('tia@acme.example', (authorize) => {
        authorize.searchParams.set('nonce', 'not-the-attempts-nonce');
        return authorize;
      }),
      'That sign-in answer was not for this attempt. Start again.',
    );
  });

  it('a person removed at the provider cannot sign in again: its own login page refuses them', async () => {
    idp.addPerson({ sub: 'rex-1', email: 'rex@acme.example', name: 'Rex', groups: [] });
    idp.removePerson('rex-1');
    const page = await toTheProvider('rex@acme.example');
    await page.getByRole('alert').filter({ hasText: 'No account rex@acme.example here.' }).waitFor();
    expect(page.url().startsWith(idp.issuer)).toBe(true);
    await page.context().close();
  });

  it('the sign-in policy makes a staff manager set up two-step verification at their password sign-in; the recovery codes are shown once', async () => {
    await gotoOffice(admin, url, '/settings');
    const policy = admin.getByRole('form', { name: 'Sign-in policy' });
    await policy.getByLabel('Invite staff and change their sign-in').check();
    expect(await policy.getByLabel('Allow password sign-in').isEnabled()).toBe(true);
    await policy.getByRole('button', { name: 'Save sign-in policy' }).click();
    await admin.getByText('Sign-in policy saved.').waitFor();
    const saved = await kit.request<{ passwordSignIn: boolean; secondFactorFor: string[] }>(
      'GET',
      '/api/v1/tenants/current/sign-in-policy',
    );
    expect(saved.body).toEqual({ passwordSignIn: true, secondFactorFor: ['kernel:users.manage'] });

    firstSession = await newPage();
    await signInToOffice(firstSession, { tenant: kit.tenant.slug, ...MAX });
    const setup = firstSession.getByRole('form', { name: 'Set up two-step verification' });
    const key = setup.getByTestId('setup-key');
    await key.waitFor();
    const shown = (await key.textContent())!;
    expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
    secret = shown.replace(/\s/g, '');
    expect(await setup.getByRole('link', { name: 'Open in authenticator app' }).getAttribute('href')).toMatch(/^otpauth:\/\/totp\//);
    await shootOffice(firstSession, 'identity-sign-in-two-step-setup');
    await setup.getByLabel('Authentication code').fill(codeOf(secret));
    await setup.getByRole('button', { name: 'Verify and sign in' }).click();

    const codes = firstSession.getByRole('list', { name: 'Recovery codes' });
    await codes.waitFor();
    expect(await codes.getByRole('listitem').count()).toBe(10);
    recoveryCodes = (await codes.getByRole('listitem').allTextContents()).map((code) => code.trim());
    await shootOffice(firstSession, 'identity-sign-in-recovery-codes');
    // Signed in already, but the office opens only once the person says the codes are kept.
    expect(await firstSession.getByRole('navigation', { name: 'Back office' }).count()).toBe(0);
    await firstSession.getByRole('button', { name: 'I have saved them — continue' }).click();
    await officeReady(firstSession);
    expect(await firstSession.getByRole('list', { name: 'Recovery codes' }).count()).toBe(0);
  });

  it('the next password sign-in asks for a code: a wrong one is refused with the tries left, the right one signs in', async () => {
    secondSession = await newPage();
    await signInToOffice(secondSession, { tenant: kit.tenant.slug, ...MAX });
    const step = secondSession.getByRole('form', { name: 'Two-step verification' });
    await step.waitFor();
    const valid = new Set([-1, 0, 1, 2].map((steps) => codeOf(secret, steps)));
    const wrong = ['000000', '111111', '222222'].find((code) => !valid.has(code))!;
    await step.getByLabel('Authentication code').fill(wrong);
    await step.getByRole('button', { name: 'Verify' }).click();
    await step.getByRole('alert').waitFor();
    expect(await step.getByRole('alert').textContent()).toMatch(/code is wrong \(4 tries left/);
    expect(await secondSession.getByRole('navigation', { name: 'Back office' }).count()).toBe(0);
    await shootOffice(secondSession, 'identity-sign-in-two-step');

    // The enrolment used this period's code, and a code works once: the app's next one (within the drift allowed).
    await step.getByLabel('Authentication code').fill(codeOf(secret, 1));
    await step.getByRole('button', { name: 'Verify' }).click();
    await officeReady(secondSession);
  });

  it('a recovery code signs in once; the same code again is refused', async () => {
    const useRecoveryCode = async (page: Page) => {
      await signInToOffice(page, { tenant: kit.tenant.slug, ...MAX });
      const step = page.getByRole('form', { name: 'Two-step verification' });
      await step.getByRole('button', { name: 'Use a recovery code' }).click();
      await step.getByLabel('Recovery code').fill(recoveryCodes[0]!);
      await step.getByRole('button', { name: 'Verify' }).click();
      return step;
    };
    const once = await newPage();
    await useRecoveryCode(once);
    await officeReady(once);
    await once.getByRole('button', { name: 'Sign out' }).click();
    await once.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    const twice = await useRecoveryCode(once);
    await twice.getByRole('alert').waitFor();
    expect(await twice.getByRole('alert').textContent()).toMatch(/recovery code \(or it was used already\) is wrong/);
    expect(await once.getByRole('navigation', { name: 'Back office' }).count()).toBe(0);
    await once.context().close();
  });

  it('lists both sessions on the account page; ending the other one refuses its refresh and keeps this one', async () => {
    await gotoOffice(secondSession, url, '/account');
    await secondSession.getByRole('heading', { name: 'Your account' }).waitFor();
    const grid = secondSession.getByRole('grid', { name: 'Your sessions' });
    await expect.poll(() => grid.getByRole('row').count()).toBe(3); // the header and two sessions
    const current = grid.getByRole('row', { name: /This session/ });
    expect(await current.textContent()).toContain('Password and code');
    expect(await current.getByRole('button').count()).toBe(0);
    await secondSession.getByText('Recovery codes left').waitFor();
    await shootOffice(secondSession, 'identity-account');

    const other = await storedSession(firstSession);
    await grid.getByRole('button', { name: /^End / }).click();
    await expect.poll(() => grid.getByRole('row').count()).toBe(2);
    const refused = await kit.request<{ code: string }>('POST', '/api/v1/auth/refresh', {
      token: null,
      body: { refreshToken: other.refreshToken },
    });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toMatch(/^auth\.(session_ended|refresh_revoked)$/);
    const mine = await storedSession(secondSession);
    const left = await kit.request<{ items: Array<{ current: boolean }> }>('GET', '/api/v1/auth/sessions', { token: mine.accessToken });
    expect(left.body.items).toEqual([expect.objectContaining({ current: true })]);
  });

  it("shows a staff member's sessions to a staff manager, who ends them all and resets their two-step verification", async () => {
    const max = (await member(MAX.email))!;
    await gotoOffice(admin, url, `/staff/${max.id}`);
    const grid = admin.getByRole('grid', { name: 'Sessions of Max Manager' });
    await expect.poll(() => grid.getByRole('row').count()).toBe(2);
    await shootOffice(admin, 'identity-staff-member-sessions');

    await admin.getByRole('button', { name: 'Reset two-step verification' }).click();
    await admin
      .getByRole('dialog', { name: 'Reset two-step verification of Max Manager?' })
      .getByRole('button', { name: 'Reset two-step verification' })
      .click();
    await admin.getByText('Two-step verification of Max Manager is reset.').waitFor();
    expect(await kit.kernel.db.query('select 1 from kernel.second_factors where user_id = $1', [max.id])).toEqual([]);

    await admin.getByRole('button', { name: 'End all sessions' }).click();
    await admin
      .getByRole('dialog', { name: 'End every session of Max Manager?' })
      .getByRole('button', { name: 'End all sessions' })
      .click();
    await grid.getByText('No open sessions.').waitFor();
    expect((await kit.request<{ items: [] }>('GET', `/api/v1/tenants/current/users/${max.id}/sessions`)).body.items).toEqual([]);
    const mine = await storedSession(secondSession);
    const refused = await kit.request('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken: mine.refreshToken } });
    expect(refused.status).toBe(401);
  });
});
