import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

type Session = { accessToken: string; refreshToken: string; expiresIn: number; recoveryCodes?: string[] };
type Problem = { code: string; detail: string; challenge?: string; triesLeft?: number; retryAfterSeconds?: number };
type SessionRow = { id: string; client: string; method: string; current: boolean; secondFactor: boolean; address: string | null };

/** A code of the person's app at `offsetSteps` periods from now (a code works once, so each check takes the next one). */
const codeOf = (secret: string, offsetSteps = 0) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
const wrongCode = (secret: string) => {
  const right = new Set([-1, 0, 1].map((step) => codeOf(secret, step)));
  let code = '000000';
  for (let n = 0; right.has(code); n += 1) code = String(n).padStart(6, '0');
  return code;
};

/**
 * Two-step sign-in (TOTP, RFC 6238) with recovery codes and the shop's policy, the sessions a
 * person sees and ends, and a manager approving on a till with their code instead of their PIN.
 */
describe.each(DATABASE_KINDS)('two-step sign-in and sessions on %s', (db) => {
  let kit: TestKernel;
  let roleId: string;

  const addPerson = async (email: string, permissions: string[], pin?: string) => {
    const user = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      body: { email, displayName: email.split('@')[0], password: 'correct-horse-battery', ...(pin ? { pin } : {}) },
    });
    const role = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', {
      body: { name: `role of ${email}`, permissions },
    });
    await kit.request('POST', `/api/v1/tenants/current/users/${user.body.id}/grants`, {
      body: { roleId: role.body.id, locationId: kit.tenant.locationId },
    });
    return user.body.id;
  };
  const login = (email: string, password = 'correct-horse-battery') =>
    kit.request<Session & Problem>('POST', '/api/v1/auth/login', {
      token: null,
      body: { tenant: kit.tenant.slug, email, password },
      headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140' },
    });
  const secondFactor = (body: Record<string, unknown>) =>
    kit.request<Session & Problem>('POST', '/api/v1/auth/login/second-factor', { token: null, body });
  const enrol = async (token: string) => {
    const { secret } = (await kit.request<{ secret: string }>('POST', '/api/v1/auth/second-factor/enrolment', { token })).body;
    const confirmed = await kit.request<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/second-factor/confirmation', {
      token,
      body: { code: codeOf(secret) },
    });
    expect(confirmed.status).toBe(200);
    return { secret, recoveryCodes: confirmed.body.recoveryCodes };
  };
  const refresh = (refreshToken: string) =>
    kit.request<Session & Problem>('POST', '/api/v1/auth/refresh', { token: null, body: { refreshToken } });
  const sessionsOf = (token: string) => kit.request<{ items: SessionRow[] }>('GET', '/api/v1/auth/sessions', { token });

  beforeAll(async () => {
    kit = await createTestKernel({ db });
    roleId = (await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', { body: { name: 'Reader', permissions: [] } }))
      .body.id;
  });
  afterAll(async () => kit?.close());

  it('enrolment: a wrong first code is refused, the right one turns it on and answers ten recovery codes once', async () => {
    await addPerson('tina@shop.test', ['kernel:audit.read']);
    const { accessToken } = (await login('tina@shop.test')).body;
    const { secret } = (
      await kit.request<{ secret: string; otpauthUri: string }>('POST', '/api/v1/auth/second-factor/enrolment', { token: accessToken })
    ).body;
    const wrong = await kit.request<Problem>('POST', '/api/v1/auth/second-factor/confirmation', {
      token: accessToken,
      body: { code: wrongCode(secret) },
    });
    expect([wrong.status, wrong.body.code, wrong.body.triesLeft]).toEqual([401, 'auth.second_factor_invalid', 4]);
    const right = await kit.request<{ recoveryCodes: string[] }>('POST', '/api/v1/auth/second-factor/confirmation', {
      token: accessToken,
      body: { code: codeOf(secret) },
    });
    expect(right.body.recoveryCodes).toHaveLength(10);
    const status = await kit.request<{ enrolled: boolean; recoveryCodesLeft: number }>('GET', '/api/v1/auth/second-factor', {
      token: accessToken,
    });
    expect(status.body).toMatchObject({ enrolled: true, recoveryCodesLeft: 10, required: false });
    const [stored] = await kit.kernel.db.query<{ totp_secret_sealed: string }>('select totp_secret_sealed from kernel.second_factors');
    expect(stored!.totp_secret_sealed).not.toContain(secret);
    const hashes = await kit.kernel.db.query<{ code_hash: string }>('select code_hash from kernel.recovery_codes');
    expect(hashes.map((row) => row.code_hash)).not.toContain(right.body.recoveryCodes[0]);
  });

  it('sign-in asks for the code; a code works once; a recovery code works once', async () => {
    await addPerson('uma@shop.test', ['kernel:audit.read']);
    const { secret, recoveryCodes } = await enrol((await login('uma@shop.test')).body.accessToken);
    const first = await login('uma@shop.test');
    expect([first.status, first.body.code]).toEqual([401, 'auth.second_factor_required']);
    const next = codeOf(secret, 1);
    const signedIn = await secondFactor({ challenge: first.body.challenge, code: next });
    expect(signedIn.status).toBe(200);
    expect((await kit.request('GET', '/api/v1/auth/me', { token: signedIn.body.accessToken })).status).toBe(200);
    expect((await secondFactor({ challenge: first.body.challenge, code: next })).body.code).toBe('auth.challenge_invalid');
    const second = await login('uma@shop.test');
    const replayed = await secondFactor({ challenge: second.body.challenge, code: next });
    expect([replayed.status, replayed.body.code]).toEqual([401, 'auth.second_factor_invalid']);
    const byRecovery = await secondFactor({ challenge: second.body.challenge, recoveryCode: recoveryCodes[0] });
    expect(byRecovery.status).toBe(200);
    const third = await login('uma@shop.test');
    const again = await secondFactor({ challenge: third.body.challenge, recoveryCode: recoveryCodes[0] });
    expect([again.status, again.body.code]).toEqual([401, 'auth.second_factor_invalid']);
  });

  it('five wrong codes in a row lock two-step verification for five minutes, even for the right code', async () => {
    const userId = await addPerson('vic@shop.test', ['kernel:audit.read']);
    const { secret } = await enrol((await login('vic@shop.test')).body.accessToken);
    const { challenge } = (await login('vic@shop.test')).body;
    const answers = [];
    for (let n = 0; n < 5; n += 1) answers.push(await secondFactor({ challenge, code: wrongCode(secret) }));
    expect(answers.map((answer) => answer.body.triesLeft ?? answer.status)).toEqual([4, 3, 2, 1, 429]);
    const right = await secondFactor({ challenge, code: codeOf(secret, 1) });
    expect([right.status, right.body.code]).toEqual([429, 'auth.second_factor_locked']);
    expect(right.body.retryAfterSeconds).toBeGreaterThan(250);
    await kit.kernel.db.query("update kernel.second_factors set locked_until = now() - interval '1 second' where user_id = $1", [userId]);
    expect((await secondFactor({ challenge, code: codeOf(secret, 1) })).status).toBe(200);
  });

  it('a policy requires it for holders of a permission: they set it up at sign-in, then get recovery codes', async () => {
    await addPerson('will@shop.test', ['kernel:plugins.manage']);
    await addPerson('xena@shop.test', ['kernel:audit.read']);
    expect(
      (
        await kit.request('PUT', '/api/v1/tenants/current/sign-in-policy', {
          body: { passwordSignIn: true, secondFactorFor: ['kernel:plugins.manage'] },
        })
      ).status,
    ).toBe(200);
    try {
      expect((await login('xena@shop.test')).status).toBe(200);
      const refused = await login('will@shop.test');
      expect([refused.status, refused.body.code]).toEqual([403, 'auth.second_factor_enrolment_required']);
      const setup = await kit.request<{ secret: string; otpauthUri: string }>('POST', '/api/v1/auth/login/enrolment', {
        token: null,
        body: { challenge: refused.body.challenge },
      });
      expect(setup.body.otpauthUri).toMatch(/^otpauth:\/\/totp\//);
      const signedIn = await secondFactor({ challenge: refused.body.challenge, code: codeOf(setup.body.secret) });
      expect(signedIn.status).toBe(200);
      expect(signedIn.body.recoveryCodes).toHaveLength(10);
      const status = await kit.request<{ required: boolean }>('GET', '/api/v1/auth/second-factor', { token: signedIn.body.accessToken });
      expect(status.body.required).toBe(true);
      const off = await kit.request<Problem>('POST', '/api/v1/auth/second-factor/removal', {
        token: signedIn.body.accessToken,
        body: { code: codeOf(setup.body.secret, 1) },
      });
      expect([off.status, off.body.code]).toEqual([409, 'auth.second_factor_required_by_policy']);
    } finally {
      await kit.request('PUT', '/api/v1/tenants/current/sign-in-policy', { body: { passwordSignIn: true, secondFactorFor: [] } });
    }
  });

  it('a person sees their sessions and ends one: its refresh and its access token are refused at once', async () => {
    await addPerson('yara@shop.test', ['kernel:audit.read']);
    const desk = (await login('yara@shop.test')).body;
    const laptop = (await login('yara@shop.test')).body;
    const listed = await sessionsOf(desk.accessToken);
    expect(listed.body.items).toHaveLength(2);
    expect(listed.body.items.filter((row) => row.current)).toHaveLength(1);
    expect(listed.body.items[0]).toMatchObject({ client: 'office', method: 'password', secondFactor: false });
    const other = listed.body.items.find((row) => !row.current)!;
    const own = listed.body.items.find((row) => row.current)!;
    const refusedOwn = await kit.request<Problem>('DELETE', `/api/v1/auth/sessions/${own.id}`, { token: desk.accessToken });
    expect([refusedOwn.status, refusedOwn.body.code]).toEqual([409, 'auth.current_session']);
    expect((await kit.request('DELETE', `/api/v1/auth/sessions/${other.id}`, { token: desk.accessToken })).status).toBe(204);
    const afterMe = await kit.request<Problem>('GET', '/api/v1/auth/me', { token: laptop.accessToken });
    expect([afterMe.status, afterMe.body.code]).toEqual([401, 'auth.session_ended']);
    expect((await refresh(laptop.refreshToken)).status).toBe(401);
    expect((await sessionsOf(desk.accessToken)).body.items).toHaveLength(1);
    expect((await kit.request<Problem>('DELETE', `/api/v1/auth/sessions/${other.id}`, { token: desk.accessToken })).body.code).toBe(
      'auth.unknown_session',
    );
  });

  it('a password change ends the other sessions; a manager ends all of a staff member’s, tills too', async () => {
    const userId = await addPerson('zoe@shop.test', ['kernel:audit.read'], '1357');
    const one = (await login('zoe@shop.test')).body;
    const two = (await login('zoe@shop.test')).body;
    const changed = await kit.request<{ endedSessions: number }>('POST', '/api/v1/auth/password', {
      token: one.accessToken,
      body: { currentPassword: 'correct-horse-battery', newPassword: 'a-brand-new-password' },
    });
    expect(changed.body.endedSessions).toBe(1);
    expect((await refresh(two.refreshToken)).status).toBe(401);
    expect((await refresh(one.refreshToken)).status).toBe(200);
    const wrong = await kit.request<Problem>('POST', '/api/v1/auth/password', {
      token: one.accessToken,
      body: { currentPassword: 'not-the-password', newPassword: 'another-new-password' },
    });
    expect([wrong.status, wrong.body.code]).toEqual([401, 'auth.invalid_credentials']);
    const till = await kit.signInTill();
    const onTill = await kit.request<Session>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: kit.tenant.slug, deviceId: till.deviceId, userId, pin: '1357' },
    });
    expect(onTill.status).toBe(200);
    const seen = await kit.request<{ items: SessionRow[] }>('GET', `/api/v1/tenants/current/users/${userId}/sessions`);
    expect(seen.body.items.map((row) => `${row.client}/${row.method}`).sort()).toEqual(['office/password', 'till/pin']);
    const ended = await kit.request<{ ended: number }>('DELETE', `/api/v1/tenants/current/users/${userId}/sessions`);
    expect(ended.body.ended).toBe(2);
    expect((await kit.request<Problem>('GET', '/api/v1/auth/me', { token: onTill.body.accessToken })).body.code).toBe('auth.session_ended');
    const audit = await kit.request<{ items: Array<{ action: string }> }>('GET', '/api/v1/tenants/current/audit?limit=10');
    expect(audit.body.items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['auth.password.changed', 'auth.session.ended']));
  });

  it('a manager approves a cashier’s action with their authenticator code; the audit names both and the method', async () => {
    const managerId = await addPerson('mgr@shop.test', ['kernel:audit.read'], '8642');
    const { secret } = await enrol((await login('mgr@shop.test')).body.accessToken);
    const cashier = await kit.signInTill();
    const approval = await kit.request<{ approver: { id: string }; approvalToken: string } & Problem>('POST', '/api/v1/auth/step-up', {
      token: cashier.token,
      body: { approverId: managerId, code: codeOf(secret, 1), permission: 'kernel:audit.read', action: 'audit.read' },
    });
    expect(approval.status).toBe(201);
    expect(approval.body.approver.id).toBe(managerId);
    const acted = await kit.request('GET', '/api/v1/tenants/current/audit', {
      token: cashier.token,
      headers: { 'kits-approval': approval.body.approvalToken },
    });
    expect(acted.status).toBe(200);
    const [row] = await kit.kernel.db.query<{ detail: { method: string; approver: { id: string }; cashier: { id: string } } }>(
      "select detail from kernel.audit_log where action = 'auth.step_up.approved' order by occurred_at desc limit 1",
    );
    expect(row!.detail).toMatchObject({ method: 'second-factor', approver: { id: managerId }, cashier: { id: cashier.cashierId } });
    const both = await kit.request<Problem>('POST', '/api/v1/auth/step-up', {
      token: cashier.token,
      body: { approverId: managerId, code: codeOf(secret, 1), pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' },
    });
    expect([both.status, both.body.code]).toEqual([400, 'auth.proof_required']);
  });

  it('bad input is refused with a problem and changes nothing', async () => {
    const token = kit.tenant.admin.token;
    const before = await kit.kernel.db.query('select count(*)::int as n from kernel.sessions');
    const cases: Array<[string, string, unknown, string | null, number, string]> = [
      [
        'POST',
        '/api/v1/auth/login/second-factor',
        { challenge: 'kitsmfa_nope-nope-nope-nope-nope-nope-nope-nope-nope-n', code: '123456' },
        null,
        401,
        'auth.challenge_invalid',
      ],
      ['POST', '/api/v1/auth/login/second-factor', { challenge: 'kitsmfa_x'.padEnd(51, 'x') }, null, 400, 'auth.proof_required'],
      [
        'POST',
        '/api/v1/auth/login/second-factor',
        { challenge: 'kitsmfa_x'.padEnd(51, 'x'), code: '12ab56' },
        null,
        400,
        'request.invalid',
      ],
      ['POST', '/api/v1/auth/login/enrolment', { challenge: 'kitsmfa_x'.padEnd(51, 'x') }, null, 401, 'auth.challenge_invalid'],
      ['POST', '/api/v1/auth/second-factor/confirmation', { code: '123456' }, token, 409, 'auth.second_factor_not_enrolled'],
      ['DELETE', '/api/v1/auth/sessions/not-a-uuid', undefined, token, 400, 'request.invalid'],
      ['POST', '/api/v1/auth/password', { currentPassword: 'x', newPassword: 'short' }, token, 400, 'request.invalid'],
      ['GET', `/api/v1/tenants/current/users/${roleId}/sessions`, undefined, token, 404, 'tenancy.unknown_user'],
      ['DELETE', `/api/v1/tenants/current/users/${roleId}/second-factor`, undefined, token, 404, 'auth.second_factor_not_enrolled'],
      ['GET', '/api/v1/auth/sessions', undefined, null, 401, 'auth.required'],
    ];
    for (const [method, url, body, asWho, status, code] of cases) {
      const answer = await kit.request<Problem>(method, url, { token: asWho, ...(body === undefined ? {} : { body }) });
      expect([url, answer.status, answer.body.code]).toEqual([url, status, code]);
    }
    expect(await kit.kernel.db.query('select count(*)::int as n from kernel.sessions')).toEqual(before);
  });
});
