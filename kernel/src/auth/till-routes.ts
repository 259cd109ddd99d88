import type { FastifyInstance } from 'fastify';
import { NonBlankText, Timestamp, Uuid } from '@kits/plugin-sdk';
import { Type } from 'typebox';
import type { Database } from '../db/database.ts';
import { requirePairedDevice, requireTenantActor } from './authenticator.ts';
import type { SecondFactors } from './second-factor/second-factors.ts';
import { approveStepUp, type StepUpInput } from './step-up.ts';
import type { SignInThrottle } from './sign-in-throttle.ts';

/**
 * `/api/v1/auth` for tills: the staff a paired till lists to sign in (its device key), and a
 * manager's PIN approving one action for the cashier signed in on it (step-up).
 */
export function registerTillAuthRoutes(
  app: FastifyInstance,
  deps: {
    readonly db: Database;
    readonly permissionCatalog: () => readonly string[];
    readonly throttle: SignInThrottle;
    readonly secondFactors: SecondFactors;
  },
): void {
  const tags = ['Auth'];

  app.get('/api/v1/auth/devices/current/staff', {
    schema: {
      tags,
      summary: 'Who may sign in on this paired till: the staff of its location with a PIN (names and ids only)',
      description:
        'Authenticated by the device key the till got when it was paired: `Authorization: Device <key>`. Staff with a role at the till’s location or at every location, an unlocked PIN, and an active account.',
      response: { 200: Type.Object({ items: Type.Array(Type.Object({ id: Uuid, name: Type.String() })) }) },
    },
    handler: async (request) => {
      const device = requirePairedDevice(request);
      const rows = await deps.db.transaction({ tenantId: device.tenantId, readOnly: true }, (tx) =>
        tx.query<{ user_id: string; display_name: string }>(
          `select u.user_id, u.display_name from kernel.users u
            where u.active and u.pin_hash is not null and u.pin_locked_at is null
              and exists (select 1 from kernel.role_grants g
                           where g.user_id = u.user_id and (g.location_id is null or g.location_id = $1))
            order by lower(u.display_name), u.user_id`,
          [device.locationId],
        ),
      );
      return { items: rows.map((row) => ({ id: row.user_id, name: row.display_name })) };
    },
  });

  app.post('/api/v1/auth/step-up', {
    schema: {
      tags,
      summary: "A manager's PIN (or authenticator code) on the cashier's till approves one action the cashier lacks the permission for",
      description:
        'As the cashier signed in on the till. The approving manager is named by `approverId` (the staff list) or `email` — one of the two; their PIN is checked with the same lockout as a sign-in — or, sent as `code` instead of `pin`, the 6-digit code of their two-step verification (its own lockout) — and they must hold `permission` at the till’s location. The answer’s `approvalToken` is single-use and short-lived: the request that acts sends it as `Kits-Approval: <token>`.',
      body: Type.Object(
        {
          approverId: Type.Optional(Uuid),
          email: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
          pin: Type.Optional(Type.String({ pattern: '^[0-9]{4,8}$' })),
          code: Type.Optional(
            Type.String({ pattern: '^[0-9]{6}$', description: "the manager's authenticator code, instead of their PIN" }),
          ),
          permission: NonBlankText(100),
          action: Type.String({ pattern: '^[a-z][a-z0-9.-]{0,59}$' }),
        },
        { additionalProperties: false },
      ),
      response: {
        201: Type.Object({
          approvalId: Uuid,
          approvalToken: Type.String(),
          expiresAt: Timestamp,
          permission: Type.String(),
          action: Type.String(),
          approver: Type.Object({ id: Uuid, name: Type.String() }),
        }),
      },
    },
    handler: async (request, reply) => {
      const { actor } = requireTenantActor(request);
      const body = request.body as StepUpInput;
      await deps.throttle(request, `${actor.tenantId}:step-up:${body.approverId ?? body.email}`);
      const approval = await approveStepUp(deps.db, actor, body, deps.permissionCatalog, deps.secondFactors);
      reply.code(201);
      return approval;
    },
  });
}
