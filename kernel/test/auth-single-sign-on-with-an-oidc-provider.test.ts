import { createTestKernel, startOidcTestProvider, TEST_OPERATOR, type OidcTestProvider, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { throughProvider } from './support/oidc-browser.ts';

type Session = { accessToken: string; refreshToken: string; expiresIn: number; tenant: string };
type Problem = { code: string; detail: string };

/** The kernel's callback as the test kernel's HTTP stack (inject) names itself. */
const CALLBACK = 'http://localhost/api/v1/auth/sso/callback';

/**
 * Single sign-on against a real OpenID Provider (oidc-provider, configured as a company IdP):
 * discovery, JWKS, the code flow with PKCE, state and nonce, ID token checks, accounts at first
 * sign-in, groups mapped to roles, and a person removed at the provider.
 */
describe.each(DATABASE_KINDS)('single sign-on with an OIDC provider on %s', (db) => {
  let kit: TestKernel;
  let idp: OidcTestProvider;
  let managerRoleId: string;

  const providerSettings = (change: Record<string, unknown> = {}) => ({
    name: 'Acme ID',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    emailDomains: ['acme.test'],
    createAccounts: true,
    groupClaim: 'groups',
    groupRoles: [{ group: 'pos-managers', roleId: managerRoleId, locationId: null }],
    ...change,
  });

  /** Start → provider → the kernel's callback: where the callback sends the browser. */
  const signInAtProvider = async (email: string, changeAuthorizeUrl: (url: URL) => URL = (url) => url): Promise<URL> => {
    const discovered = await kit.request<{ startUrl: string }>('GET', `/api/v1/auth/sso/discover?email=${encodeURIComponent(email)}`, {
      token: null,
    });
    expect(discovered.status).toBe(200);
    const started = await kit.request('GET', discovered.body.startUrl, { token: null });
    expect(started.status).toBe(302);
    const callback = await throughProvider(changeAuthorizeUrl(new URL(String(started.headers.location))).href, email);
    const back = await kit.request('GET', `${callback.pathname}${callback.search}`, { token: null });
    expect(back.status).toBe(302);
    return new URL(String(back.headers.location), 'http://localhost');
  };
  const complete = (code: string) => kit.request<Session & Problem>('POST', '/api/v1/auth/sso/complete', { token: null, body: { code } });
  const signIn = async (email: string): Promise<Session> => {
    const office = await signInAtProvider(email);
    expect(office.searchParams.get('sso_error')).toBeNull();
    const session = await complete(office.searchParams.get('sso')!);
    expect(session.status).toBe(200);
    return session.body;
  };
  const me = (token: string) =>
    kit.request<{ id: string; email: string; displayName: string; grants: Record<string, string[]>; code?: string }>(
      'GET',
      '/api/v1/auth/me',
      {
        token,
      },
    );
  const refresh = (refreshToken: string) =>
    kit.request<Session & Problem>('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken } });

  beforeAll(async () => {
    [kit, idp] = await Promise.all([createTestKernel({ db }), startOidcTestProvider({ redirectUris: [CALLBACK] })]);
    managerRoleId = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
        body: { name: 'Floor manager', permissions: ['kernel:audit.read'] },
      })
    ).body.id;
    const saved = await kit.request<{ clientSecretSet: boolean; redirectUri: string }>('PUT', '/api/v1/tenants/current/identity-provider', {
      body: providerSettings(),
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ clientSecretSet: true, redirectUri: CALLBACK });
    expect(JSON.stringify(saved.body)).not.toContain(idp.clientSecret);
  });
  afterAll(async () => {
    await kit?.close();
    await idp?.close();
  });

  it('a first sign-in creates the account (JIT) with the role its group maps to; the one-time code works once', async () => {
    idp.addPerson({ sub: 'alice-1', email: 'alice@acme.test', name: 'Alice Acme', groups: ['pos-managers', 'everyone'] });
    const office = await signInAtProvider('alice@acme.test');
    expect(office.pathname).toBe('/office/');
    const code = office.searchParams.get('sso')!;
    const session = await complete(code);
    expect(session.status).toBe(200);
    expect(session.body.tenant).toBe(kit.tenant.slug);
    const who = await me(session.body.accessToken);
    expect(who.body).toMatchObject({ email: 'alice@acme.test', displayName: 'Alice Acme', grants: { '*': ['kernel:audit.read'] } });
    expect((await complete(code)).body.code).toBe('auth.sso_handoff_invalid');
    const sessions = await kit.request<{ items: Array<{ method: string; client: string; current: boolean }> }>(
      'GET',
      '/api/v1/auth/sessions',
      {
        token: session.body.accessToken,
      },
    );
    expect(sessions.body.items).toEqual([expect.objectContaining({ method: 'sso', client: 'office', current: true })]);
    const audit = await kit.request<{ items: Array<{ action: string }> }>('GET', '/api/v1/tenants/current/audit?limit=20');
    expect(audit.body.items.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['auth.sso.account_created', 'auth.sso.roles_mapped']),
    );
  });

  it('each sign-in maps the groups again: leaving the group at the provider takes the role away, on the same account', async () => {
    idp.addPerson({ sub: 'dora-1', email: 'dora@acme.test', name: 'Dora', groups: ['pos-managers'] });
    const first = await me((await signIn('dora@acme.test')).accessToken);
    expect(first.body.grants).toEqual({ '*': ['kernel:audit.read'] });
    idp.addPerson({ sub: 'dora-1', email: 'dora@acme.test', name: 'Dora', groups: [] });
    const again = await me((await signIn('dora@acme.test')).accessToken);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.grants).toEqual({});
  });

  it('a tampered ID token is refused and signs nobody in', async () => {
    idp.addPerson({ sub: 'eve-1', email: 'eve@acme.test', name: 'Eve', groups: [] });
    idp.tamperTokenResponse((body) => {
      const [header, payload, signature] = String(body.id_token).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
      const forged = Buffer.from(JSON.stringify({ ...claims, groups: ['pos-managers'] })).toString('base64url');
      return { ...body, id_token: `${header}.${forged}.${signature}` };
    });
    try {
      const office = await signInAtProvider('eve@acme.test');
      expect(office.searchParams.get('sso_error')).toBe('auth.sso_token_invalid');
      expect(office.searchParams.get('sso')).toBeNull();
    } finally {
      idp.tamperTokenResponse(undefined);
    }
    const [user] = await kit.kernel.db.query("select 1 from kernel.users where email = 'eve@acme.test'");
    expect(user).toBeUndefined();
  });

  it('an ID token with another nonce than the attempt is refused', async () => {
    idp.addPerson({ sub: 'nina-1', email: 'nina@acme.test', name: 'Nina' });
    const office = await signInAtProvider('nina@acme.test', (url) => {
      url.searchParams.set('nonce', 'a-nonce-the-kernel-never-made');
      return url;
    });
    expect(office.searchParams.get('sso_error')).toBe('auth.sso_nonce_mismatch');
  });

  it('an expired state is refused, and a state works once', async () => {
    idp.addPerson({ sub: 'otto-1', email: 'otto@acme.test', name: 'Otto' });
    const started = await kit.request('GET', `/api/v1/auth/sso/start?tenant=${kit.tenant.slug}`, { token: null });
    await kit.kernel.db.query("update kernel.sso_attempts set expires_at = now() - interval '1 second' where called_back_at is null");
    const callback = await throughProvider(String(started.headers.location), 'otto@acme.test');
    const expired = await kit.request('GET', `${callback.pathname}${callback.search}`, { token: null });
    expect(new URL(String(expired.headers.location), 'http://x').searchParams.get('sso_error')).toBe('auth.sso_state_expired');
    const replayed = await kit.request('GET', `${callback.pathname}${callback.search}`, { token: null });
    expect(new URL(String(replayed.headers.location), 'http://x').searchParams.get('sso_error')).toBe('auth.sso_state_invalid');
  });

  it('a person removed at the provider: their session ends at its next refresh, and they cannot sign in again', async () => {
    idp.addPerson({ sub: 'rob-1', email: 'rob@acme.test', name: 'Rob' });
    const session = await signIn('rob@acme.test');
    const refreshed = await refresh(session.refreshToken);
    expect(refreshed.status).toBe(200);
    idp.removePerson('rob-1');
    const refused = await refresh(refreshed.body.refreshToken);
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('auth.sso_account_removed');
    expect((await me(refreshed.body.accessToken)).body.code).toBe('auth.session_ended');
    await expect(signInAtProvider('rob@acme.test')).rejects.toThrow(/No account rob@acme.test/);
  });

  it('the provider rotates its signing key: the next sign-in fetches its JWKS again and verifies', async () => {
    idp.addPerson({ sub: 'kim-1', email: 'kim@acme.test', name: 'Kim' });
    await signIn('kim@acme.test');
    const jwksReads = () => idp.requests.filter((request) => request === 'GET /jwks').length;
    const before = jwksReads();
    await idp.rotateSigningKey();
    const session = await signIn('kim@acme.test');
    expect((await me(session.accessToken)).body.email).toBe('kim@acme.test');
    expect(jwksReads()).toBeGreaterThan(before);
  });

  it('without accounts at first sign-in, an unknown person is refused and a known e-mail is linked', async () => {
    expect(
      (
        await kit.request('PUT', '/api/v1/tenants/current/identity-provider', {
          body: providerSettings({ createAccounts: false, clientSecret: undefined }),
        })
      ).status,
    ).toBe(200);
    try {
      idp.addPerson({ sub: 'carl-1', email: 'carl@acme.test', name: 'Carl' });
      const refused = await signInAtProvider('carl@acme.test');
      expect(refused.searchParams.get('sso_error')).toBe('auth.sso_no_account');
      const invited = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: 'carl@acme.test', displayName: 'Carl Invited' },
      });
      const session = await signIn('carl@acme.test');
      expect((await me(session.accessToken)).body.id).toBe(invited.body.id);
    } finally {
      await kit.request('PUT', '/api/v1/tenants/current/identity-provider', { body: providerSettings() });
    }
  });

  it('password sign-in can be switched off while a provider is set; SSO still signs in', async () => {
    const policy = (body: unknown) => kit.request<Problem>('PUT', '/api/v1/tenants/current/sign-in-policy', { body });
    expect((await policy({ passwordSignIn: false, secondFactorFor: [] })).status).toBe(200);
    try {
      const login = await kit.request<Problem>('POST', '/api/v1/auth/login', {
        token: null,
        body: { tenant: kit.tenant.slug, email: kit.tenant.admin.email, password: kit.tenant.admin.password },
      });
      expect(login.status).toBe(403);
      expect(login.body.code).toBe('auth.password_sign_in_off');
      const removal = await kit.request<Problem>('DELETE', '/api/v1/tenants/current/identity-provider');
      expect(removal.status).toBe(409);
      idp.addPerson({ sub: 'pia-1', email: 'pia@acme.test', name: 'Pia' });
      await signIn('pia@acme.test');
    } finally {
      expect((await policy({ passwordSignIn: true, secondFactorFor: [] })).status).toBe(200);
    }
  });

  it('bad input is refused with a problem and changes nothing', async () => {
    const before = await kit.request('GET', '/api/v1/tenants/current/identity-provider');
    const cases: Array<[string, string, unknown, number, string]> = [
      ['GET', '/api/v1/auth/sso/discover?email=not-an-email', undefined, 400, 'request.invalid'],
      ['GET', '/api/v1/auth/sso/discover?email=someone@elsewhere.test', undefined, 404, 'auth.sso_unknown_domain'],
      ['GET', '/api/v1/auth/sso/start?tenant=no-such-shop', undefined, 404, 'auth.sso_not_configured'],
      ['POST', '/api/v1/auth/sso/complete', { code: 'kitssso_not-a-real-code-000000000000000000000000' }, 401, 'auth.sso_handoff_invalid'],
      [
        'PUT',
        '/api/v1/tenants/current/identity-provider',
        providerSettings({ issuer: 'http://idp.example.com' }),
        400,
        'auth.sso_issuer_invalid',
      ],
      [
        'PUT',
        '/api/v1/tenants/current/identity-provider',
        providerSettings({ issuer: 'http://127.0.0.1:9/nothing' }),
        422,
        'auth.sso_issuer_unreachable',
      ],
      [
        'PUT',
        '/api/v1/tenants/current/identity-provider',
        providerSettings({ groupRoles: [{ group: 'x', roleId: '00000000-0000-7000-8000-000000000000', locationId: null }] }),
        400,
        'auth.sso_unknown_role',
      ],
      ['PUT', '/api/v1/tenants/current/identity-provider', providerSettings({ unexpected: true }), 400, 'request.invalid'],
      [
        'PUT',
        '/api/v1/tenants/current/sign-in-policy',
        { passwordSignIn: true, secondFactorFor: ['no:such'] },
        400,
        'auth.unknown_permission',
      ],
      [
        'PUT',
        '/api/v1/tenants/current/identity-provider',
        providerSettings({ emailDomains: ['acme.test', 'gmail.com'] }),
        400,
        'auth.sso_public_domain',
      ],
    ];
    for (const [method, url, body, status, code] of cases) {
      const answer = await kit.request<Problem>(method, url, {
        ...(body === undefined ? {} : { body }),
        ...(url.includes('/auth/sso/') ? { token: null } : {}),
      });
      expect([url, answer.status, answer.body.code]).toEqual([url, status, code]);
      expect(String(answer.headers['content-type'])).toContain('application/problem+json');
    }
    // Another shop cannot claim a domain this one signs in.
    const other = await kit.createTenant('other-shop');
    const taken = await kit.request<Problem>('PUT', '/api/v1/tenants/current/identity-provider', {
      token: other.admin.token,
      body: { ...providerSettings(), groupRoles: [] },
    });
    expect([taken.status, taken.body.code]).toEqual([409, 'auth.sso_domain_taken']);
    expect((await kit.request('GET', '/api/v1/tenants/current/identity-provider')).body).toEqual(before.body);
  });
});

/** Operators sign in with the platform's own provider (OPERATOR_OIDC_*), matched to their operator account by e-mail. */
describe.each(DATABASE_KINDS)('operators sign in with the platform identity provider on %s', (db) => {
  let kit: TestKernel;
  let idp: OidcTestProvider;

  const signInAsOperator = async (email: string) => {
    const started = await kit.request('GET', '/api/v1/auth/operator/sso/start', { token: null });
    expect(started.status).toBe(302);
    const callback = await throughProvider(String(started.headers.location), email);
    const page = await kit.request<string>('GET', `${callback.pathname}${callback.search}`, { token: null });
    expect(page.status).toBe(200);
    expect(String(page.headers['content-security-policy'])).toMatch(/script-src 'nonce-/);
    return JSON.parse(/postMessage\((\{.*?\}), location\.origin\)/.exec(page.body)![1]!) as { type: string; code?: string; error?: string };
  };

  beforeAll(async () => {
    idp = await startOidcTestProvider({ redirectUris: ['http://localhost/api/v1/auth/operator/sso/callback'], name: 'Platform ID' });
    kit = await createTestKernel({
      db,
      env: { OPERATOR_OIDC_ISSUER: idp.issuer, OPERATOR_OIDC_CLIENT_ID: idp.clientId, OPERATOR_OIDC_CLIENT_SECRET: idp.clientSecret },
    });
  });
  afterAll(async () => {
    await kit?.close();
    await idp?.close();
  });

  it('an operator signs in through the provider: the window hands a one-time code, exchanged once for an operator token', async () => {
    idp.addPerson({ sub: 'op-1', email: TEST_OPERATOR.email, name: 'Olga Operator' });
    const message = await signInAsOperator(TEST_OPERATOR.email);
    expect(message).toMatchObject({ type: 'kits.operator-sso', code: expect.stringMatching(/^kitsopsso_/) });
    const token = await kit.request<{ accessToken: string }>('POST', '/api/v1/auth/operator/sso/complete', {
      token: null,
      body: { code: message.code },
    });
    expect(token.status).toBe(200);
    expect((await kit.request('GET', '/api/v1/tenants', { token: token.body.accessToken })).status).toBe(200);
    const again = await kit.request<{ code: string }>('POST', '/api/v1/auth/operator/sso/complete', {
      token: null,
      body: { code: message.code },
    });
    expect([again.status, again.body.code]).toEqual([401, 'auth.sso_handoff_invalid']);
  });

  it('a company account with no operator account is refused; a kernel without the provider says so', async () => {
    idp.addPerson({ sub: 'someone-1', email: 'someone@platform.test', name: 'Someone' });
    expect(await signInAsOperator('someone@platform.test')).toEqual({ type: 'kits.operator-sso', error: 'auth.sso_no_account' });
    const plain = await createTestKernel({ db: 'pglite' });
    try {
      const started = await plain.request<{ code: string }>('GET', '/api/v1/auth/operator/sso/start', { token: null });
      expect([started.status, started.body.code]).toEqual([404, 'auth.operator_sso_not_configured']);
    } finally {
      await plain.close();
    }
  });
});
