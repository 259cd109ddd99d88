import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

type Session = { accessToken: string; refreshToken: string; expiresIn: number };

describe.each(DATABASE_KINDS)('sign-in and tokens on %s', (db) => {
  let kit: TestKernel;
  const login = () =>
    kit.request<Session>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email: kit.tenant.admin.email, password: kit.tenant.admin.password },
    });
  const refresh = (refreshToken: string) =>
    kit.request<Session & { code: string }>('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken } });

  beforeAll(async () => {
    kit = await createTestKernel({ db });
  });
  afterAll(async () => kit?.close());

  it('login returns tokens, and /me says who it is with the grants per location', async () => {
    const session = await login();
    expect(session.status).toBe(200);
    expect(session.body.expiresIn).toBe(900);
    const me = await kit.request<{ kind: string; tenantId: string; grants: Record<string, string[]> }>('GET', '/api/v1/auth/me', {
      token: session.body.accessToken,
    });
    expect(me.body).toMatchObject({ kind: 'user', tenantId: kit.tenant.id, grants: { '*': ['*'] } });
  });

  it.each([
    ['wrong password', () => ({ tenant: kit.tenant.slug, email: kit.tenant.admin.email, password: 'wrong-password' })],
    ['unknown e-mail', () => ({ tenant: kit.tenant.slug, email: 'nobody@x.test', password: 'whatever-123' })],
    ['unknown tenant', () => ({ tenant: 'no-such-tenant', email: kit.tenant.admin.email, password: kit.tenant.admin.password })],
  ])('%s → 401 that does not say which part was wrong', async (_case, body) => {
    const response = await kit.request<{ code: string; detail: string }>('POST', '/api/v1/auth/login', { token: null, body: body() });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.invalid_credentials');
    expect(response.body.detail).toBe('The tenant, e-mail or password is wrong.');
  });

  it('refresh rotates: the new refresh token works, the old one is refused', async () => {
    const first = (await login()).body;
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);
  });

  it('reusing a used refresh token revokes the whole family, the newest token too', async () => {
    const first = (await login()).body;
    const second = (await refresh(first.refreshToken)).body;
    const reused = await refresh(first.refreshToken);
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('auth.refresh_reused');
    const newest = await refresh(second.refreshToken);
    expect(newest.status).toBe(401);
    expect(newest.body.code).toBe('auth.refresh_revoked');
  });

  it('20 concurrent refreshes of one token: exactly one succeeds', async () => {
    const { refreshToken } = (await login()).body;
    const answers = await Promise.all(Array.from({ length: 20 }, () => refresh(refreshToken)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 401)).toHaveLength(19);
  });

  it('logout revokes the session', async () => {
    const session = (await login()).body;
    expect((await kit.request('POST', '/api/v1/auth/logout', { token: null, body: { refreshToken: session.refreshToken } })).status).toBe(
      204,
    );
    expect((await refresh(session.refreshToken)).body.code).toBe('auth.refresh_revoked');
  });

  it('tampered, alg:none, wrong-secret, forged (changed and re-signed) and expired access tokens get 401 with www-authenticate', async () => {
    const { accessToken } = (await login()).body;
    const [header, payload, signature] = accessToken.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, grants: { '*': ['*'] }, sub: 'someone-else' })).toString('base64url')}.${signature}`;
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const wrongSecret = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('x'.repeat(40)));
    // What an attacker would do: change the payload (another subject, every grant) and sign it with a key of their own.
    const forged = await new SignJWT({ ...claims, sub: 'someone-else', grants: { '*': ['*'] } })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode('attacker-key-'.repeat(4)));
    const noneForged = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ ...claims, grants: { '*': ['*'] } }),
    ).toString('base64url')}.`;
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 })
      .setProtectedHeader({ alg: 'HS256' })
      .sign(new TextEncoder().encode(kit.kernel.config.jwtSecret));
    for (const [token, code] of [
      [tampered, 'auth.invalid_token'],
      [none, 'auth.invalid_token'],
      [wrongSecret, 'auth.invalid_token'],
      [forged, 'auth.invalid_token'],
      [noneForged, 'auth.invalid_token'],
      [expired, 'auth.token_expired'],
      ['not-a-jwt', 'auth.invalid_token'],
    ] as const) {
      const response = await kit.request<{ code: string }>('GET', '/api/v1/auth/me', { token });
      expect(response.status, token).toBe(401);
      expect(response.body.code).toBe(code);
      expect(response.headers['www-authenticate']).toMatch(/^Bearer error="invalid_token"/);
    }
  });

  it('sign-in attempts on one account are throttled: 429 with retry-after once the limit is passed', async () => {
    const body = { tenant: kit.tenant.slug, email: 'target@x.test', password: 'guess-guess' };
    const statuses = [];
    for (let i = 0; i < 22; i++) statuses.push((await kit.request('POST', '/api/v1/auth/login', { token: null, body })).status);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    const limited = await kit.request<{ code: string }>('POST', '/api/v1/auth/login', { token: null, body });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('auth.rate_limited');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it.each([
    ['/api/v1/auth/login', { tenant: 'x' }],
    ['/api/v1/auth/login', { tenant: 'ok-slug', email: 'not-an-email', password: 'p' }],
    ['/api/v1/auth/login', { tenant: 'ok-slug', email: 'a@b.test', password: 'p', admin: true }],
    ['/api/v1/auth/refresh', { refreshToken: 5 }],
    ['/api/v1/auth/logout', {}],
    ['/api/v1/auth/pin-login', { tenant: 'ok-slug', deviceId: 'not-a-uuid', email: 'a@b.test', pin: '1234' }],
    ['/api/v1/auth/pin-login', { tenant: 'ok-slug', deviceId: '0190a000-0000-7000-8000-000000000000', email: 'a@b.test', pin: '12ab' }],
    ['/api/v1/auth/operator/login', { email: 'a@b.test' }],
  ])('POST %s %j → 400 request.invalid', async (url, body) => {
    const before = await kit.kernel.db.query('select count(*)::int as n from kernel.refresh_tokens');
    const response = await kit.request<{ code: string; errors: unknown[] }>('POST', url, { token: null, body });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('request.invalid');
    expect(response.body.errors.length).toBeGreaterThan(0);
    expect(await kit.kernel.db.query('select count(*)::int as n from kernel.refresh_tokens')).toEqual(before);
  });
});
