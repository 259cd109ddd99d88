import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';

interface Approval {
  approvalId: string;
  approvalToken: string;
  expiresAt: string;
  permission: string;
  action: string;
  approver: { id: string; name: string };
}
type Answer = Partial<Approval> & { code?: string; detail?: string };

/**
 * A manager's PIN on the cashier's till approves one action the cashier may not do: a
 * short-lived, single-use approval for that cashier on that till, audited with both names.
 */
describe.each(DATABASE_KINDS)('a manager approves with their PIN on a cashier’s till (step-up) on %s', (db) => {
  let kit: TestKernel;
  let cashier: TestTill;
  let managerId: string;
  let supervisorId: string;

  const addPerson = async (name: string, pin: string, permissions: string[]) => {
    const id = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
        body: { email: `${name.toLowerCase().replace(/\s/g, '.')}@shop.test`, displayName: name, pin },
      })
    ).body.id;
    const role = (
      await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/roles', { body: { name: `${name}'s role`, permissions } })
    ).body.id;
    await kit.request('POST', `/api/v1/tenants/current/users/${id}/grants`, { body: { roleId: role, locationId: kit.tenant.locationId } });
    return id;
  };
  const stepUp = (body: Record<string, unknown>, token: string = cashier.token) =>
    kit.request<Answer>('POST', '/api/v1/auth/step-up', { token, body });
  const approve = (permission = 'kernel:audit.read', extra: Record<string, unknown> = {}) =>
    stepUp({ approverId: managerId, pin: '8642', permission, action: 'audit.read', ...extra });
  const approvals = async () =>
    Number((await kit.kernel.db.query<{ n: string }>('select count(*) as n from kernel.step_up_approvals'))[0]!.n);
  const failuresOf = async (userId: string) =>
    (await kit.kernel.db.query<{ pin_failures: number }>('select pin_failures from kernel.users where user_id = $1', [userId]))[0]!
      .pin_failures;
  const readAudit = (token: string, approvalToken?: string) =>
    kit.request<{ code?: string; items?: Array<{ action: string; actorId: string; deviceId: string | null; detail: unknown }> }>(
      'GET',
      '/api/v1/tenants/current/audit',
      { token, ...(approvalToken ? { headers: { 'kits-approval': approvalToken } } : {}) },
    );

  beforeAll(async () => {
    kit = await createTestKernel({ db });
    cashier = await kit.signInTill({ permissions: ['kernel:devices.manage'] });
    managerId = await addPerson('Maria Manager', '8642', ['kernel:audit.read', 'kernel:api-keys.manage']);
    supervisorId = await addPerson('Sam Supervisor', '9753', ['kernel:devices.manage']);
  });
  afterAll(async () => kit?.close());

  it('the manager’s PIN answers an approval naming them; the audit log records the cashier and the manager by name', async () => {
    const answer = await approve();
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      permission: 'kernel:audit.read',
      action: 'audit.read',
      approver: { id: managerId, name: 'Maria Manager' },
    });
    expect(answer.body.approvalToken).toMatch(/^kitsok_/);
    const lifetime = Date.parse(answer.body.expiresAt!) - Date.now();
    expect(lifetime).toBeGreaterThan(0);
    expect(lifetime).toBeLessThanOrEqual(300_000);

    const [entry] = await kit.kernel.db.query<{ actor_kind: string; actor_id: string; device_id: string; detail: Record<string, unknown> }>(
      "select actor_kind, actor_id, device_id, detail from kernel.audit_log where action = 'auth.step_up.approved'",
    );
    expect(entry).toEqual({
      actor_kind: 'cashier',
      actor_id: cashier.cashierId,
      device_id: cashier.deviceId,
      detail: {
        approvalId: answer.body.approvalId,
        permission: 'kernel:audit.read',
        action: 'audit.read',
        locationId: kit.tenant.locationId,
        method: 'pin',
        cashier: { id: cashier.cashierId, name: 'Cashier 1' },
        approver: { id: managerId, name: 'Maria Manager' },
      },
    });
  });

  it('the request that acts carries the approval: the cashier holds the permission for that one request, then never again', async () => {
    const { approvalToken } = (await approve()).body;
    expect((await readAudit(cashier.token)).status).toBe(403);
    const approved = await readAudit(cashier.token, approvalToken);
    expect(approved.status).toBe(200);
    expect(approved.body.items?.some((item) => item.action === 'auth.step_up.approved')).toBe(true);
    const again = await readAudit(cashier.token, approvalToken);
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('auth.approval_invalid');
    const [spent] = await kit.kernel.db.query<{ used_for: string }>(
      'select used_for from kernel.step_up_approvals where used_at is not null order by created_at desc limit 1',
    );
    expect(spent?.used_for).toBe('GET /api/v1/tenants/current/audit');
  });

  it('a request that fails gives the approval back: the action did not happen, so the approval still serves it once', async () => {
    const { approvalToken } = (await approve('kernel:api-keys.manage', { action: 'api-key.create' })).body;
    const createKey = (body: unknown) =>
      kit.request<{ code?: string; name?: string }>('POST', '/api/v1/auth/api-keys', {
        token: cashier.token,
        headers: { 'kits-approval': approvalToken! },
        body,
      });
    expect((await createKey({ name: 'Scale', permissions: ['no:such.permission'] })).status).toBe(400);
    const created = await createKey({ name: 'Scale', permissions: ['kernel:audit.read'] });
    expect(created.status).toBe(201);
    expect((await createKey({ name: 'Scale 2', permissions: ['kernel:audit.read'] })).body.code).toBe('auth.approval_invalid');
  });

  it('only the cashier it was given to, on that till, before it expires, can spend it', async () => {
    const { approvalToken, approvalId } = (await approve()).body;
    const other = await kit.signInTill({ permissions: ['kernel:devices.manage'] });
    expect((await readAudit(other.token, approvalToken)).body.code).toBe('auth.approval_invalid');
    expect((await readAudit(kit.tenant.admin.token, approvalToken)).body.code).toBe('auth.approval_invalid');
    expect((await readAudit(cashier.token, 'kitsok_not-a-token')).body.code).toBe('auth.approval_invalid');
    // Refused for the others, it still serves the cashier it was given to …
    expect((await readAudit(cashier.token, approvalToken)).status).toBe(200);
    // … and an expired approval serves nobody.
    const late = (await approve()).body;
    await kit.kernel.db.query("update kernel.step_up_approvals set expires_at = now() - interval '1 second' where approval_id = $1", [
      late.approvalId,
    ]);
    expect((await readAudit(cashier.token, late.approvalToken)).body.code).toBe('auth.approval_invalid');
    expect(approvalId).not.toBe(late.approvalId);
  });

  it('a manager without the permission is refused with 403 and nothing is approved; their right PIN does not count against them', async () => {
    const before = await approvals();
    const refused = await stepUp({ approverId: supervisorId, pin: '9753', permission: 'kernel:audit.read', action: 'audit.read' });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('auth.approver_lacks_permission');
    expect(refused.body.detail).toContain('Sam Supervisor does not hold the permission "kernel:audit.read"');
    expect(await approvals()).toBe(before);
    expect(await failuresOf(supervisorId)).toBe(0);
  });

  it('bad input is a 400 naming what to fix, and approves nothing', async () => {
    const before = await approvals();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' }, 'auth.approver_required'],
      [
        { approverId: managerId, email: 'maria.manager@shop.test', pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' },
        'auth.approver_required',
      ],
      [{ approverId: managerId, pin: '8642', permission: 'sales:no-such-thing', action: 'audit.read' }, 'auth.unknown_permission'],
      [{ approverId: cashier.cashierId, pin: '2468', permission: 'kernel:audit.read', action: 'audit.read' }, 'auth.approver_is_cashier'],
    ];
    for (const [body, code] of cases) {
      const answer = await stepUp(body);
      expect(answer.status, code).toBe(400);
      expect(answer.body.code).toBe(code);
    }
    for (const body of [
      { approverId: managerId, pin: '86', permission: 'kernel:audit.read', action: 'audit.read' },
      { approverId: 'not-a-uuid', pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' },
      { approverId: managerId, pin: '8642', permission: 'kernel:audit.read', action: 'Audit Read!' },
      { approverId: managerId, pin: '8642', permission: 'kernel:audit.read', action: 'audit.read', extra: 1 },
    ]) {
      const answer = await stepUp(body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe('request.invalid');
    }
    expect(await approvals()).toBe(before);
    expect(await failuresOf(managerId)).toBe(0);
  });

  it('only a cashier signed in on a till asks for approval: an admin’s token is 403, no credentials 401', async () => {
    const asAdmin = await stepUp(
      { approverId: managerId, pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' },
      kit.tenant.admin.token,
    );
    expect(asAdmin.status).toBe(403);
    expect(asAdmin.body.code).toBe('auth.step_up_needs_till');
    const anonymous = await kit.request<Answer>('POST', '/api/v1/auth/step-up', {
      token: null,
      body: { approverId: managerId, pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' },
    });
    expect(anonymous.status).toBe(401);
  });

  it('a manager is found by e-mail too; an unknown manager is 401 like a wrong PIN', async () => {
    const byEmail = await stepUp({ email: 'Maria.Manager@shop.test', pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' });
    expect(byEmail.status).toBe(201);
    expect(byEmail.body.approver).toEqual({ id: managerId, name: 'Maria Manager' });
    const nobody = await stepUp({ email: 'nobody@shop.test', pin: '8642', permission: 'kernel:audit.read', action: 'audit.read' });
    expect(nobody.status).toBe(401);
    expect(nobody.body.code).toBe('auth.invalid_credentials');
  });

  it('wrong PINs count against the manager’s PIN as at sign-in: 401 with the tries left, the fifth locks it (423) everywhere', async () => {
    const before = await approvals();
    const answers: Answer[] = [];
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const answer = await approve('kernel:audit.read', { pin: '0000' });
      statuses.push(answer.status);
      answers.push(answer.body);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 423]);
    expect(answers[0]?.detail).toBe("The manager or PIN is wrong (4 tries left before the manager's PIN locks).");
    expect(answers[4]?.code).toBe('auth.pin_locked');
    // Locked: the right PIN approves nothing, and the manager cannot sign in on a till either.
    expect((await approve()).status).toBe(423);
    const signIn = await kit.request<Answer>('POST', '/api/v1/auth/pin-login', {
      token: null,
      body: { tenant: kit.tenant.slug, deviceId: cashier.deviceId, userId: managerId, pin: '8642' },
    });
    expect(signIn.status).toBe(423);
    expect(await approvals()).toBe(before);
  });
});
