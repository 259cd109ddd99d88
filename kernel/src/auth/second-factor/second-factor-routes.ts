import { badRequest, DomainError, notFound, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../tenancy/audit.ts';
import { requirePermission, requirePerson } from '../authenticator.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { SecondFactorProof, SecondFactors } from './second-factors.ts';
import type { SignInThrottle } from '../sign-in-throttle.ts';

const Code = Type.String({ pattern: '^[0-9]{6}$', description: 'the 6-digit code the authenticator app shows' });
const RecoveryCode = Type.String({ pattern: '^[A-Za-z0-9 -]{10,16}$', description: 'one of the recovery codes given at set-up' });
const Challenge = Type.String({ pattern: '^[A-Za-z0-9_-]{20,100}$', description: 'the challenge the sign-in answered' });
const Enrolment = Type.Object({ secret: Type.String(), otpauthUri: Type.String() });
const RecoveryCodes = Type.Object({ recoveryCodes: Type.Array(Type.String()) });

/** Exactly one of `code` and `recoveryCode`. */
function proofOf(body: { code?: string; recoveryCode?: string }): SecondFactorProof {
  if ((body.code === undefined) === (body.recoveryCode === undefined))
    throw badRequest('auth.proof_required', 'Send either "code" (from the authenticator app) or "recoveryCode", not both.', {
      field: 'code',
    });
  return body.code !== undefined ? { code: body.code } : { recoveryCode: body.recoveryCode! };
}

export interface SecondFactorRouteDeps {
  readonly db: Database;
  readonly sessions: SessionService;
  readonly secondFactors: SecondFactors;
  readonly throttle: SignInThrottle;
}

/** Two-step verification: finishing a sign-in with a code, and a person setting theirs up or turning it off (docs/identity.md). */
export function registerSecondFactorRoutes(app: FastifyInstance, deps: SecondFactorRouteDeps): void {
  const { db, sessions, secondFactors } = deps;
  const tags = ['Auth'];

  app.post('/api/v1/auth/login/second-factor', {
    schema: {
      tags,
      summary: 'Finish a password sign-in with a code from the authenticator app, or a recovery code',
      description:
        'The `challenge` comes with 401 `auth.second_factor_required` (or 403 `auth.second_factor_enrolment_required`, then the first code also answers `recoveryCodes`, shown once). Five wrong codes lock it for five minutes (429).',
      security: [],
      body: Type.Object(
        { challenge: Challenge, code: Type.Optional(Code), recoveryCode: Type.Optional(RecoveryCode) },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          accessToken: Type.String(),
          refreshToken: Type.String(),
          tokenType: Type.Literal('Bearer'),
          expiresIn: Type.Integer(),
          recoveryCodes: Type.Optional(Type.Array(Type.String())),
        }),
      },
    },
    handler: async (request) => {
      const body = request.body as { challenge: string; code?: string; recoveryCode?: string };
      const proof = proofOf(body);
      await deps.throttle(request, `second-factor:${request.ip}`);
      return sessions.completeSecondFactor(body.challenge, proof);
    },
  });

  app.post('/api/v1/auth/login/enrolment', {
    schema: {
      tags,
      summary: 'Set up two-step verification during a sign-in that the shop requires it for: the secret for the app',
      security: [],
      body: Type.Object({ challenge: Challenge }, { additionalProperties: false }),
      response: { 200: Enrolment },
    },
    handler: async (request) => {
      await deps.throttle(request, `second-factor:${request.ip}`);
      return sessions.startChallengeEnrolment((request.body as { challenge: string }).challenge);
    },
  });

  app.get('/api/v1/auth/second-factor', {
    schema: {
      tags,
      summary: "The signed-in person's two-step verification: set up or not, recovery codes left, required by the shop",
      response: {
        200: Type.Object({
          enrolled: Type.Boolean(),
          confirmedAt: Type.Union([Type.String(), Type.Null()]),
          recoveryCodesLeft: Type.Integer(),
          required: Type.Boolean(),
        }),
      },
    },
    handler: async (request) => {
      const { actor } = requirePerson(request);
      return secondFactors.status(actor.tenantId, actor.id);
    },
  });

  app.post('/api/v1/auth/second-factor/enrolment', {
    schema: {
      tags,
      summary: 'Start setting up two-step verification: a secret to add to the authenticator app (confirm it with a first code)',
      response: { 200: Enrolment },
    },
    handler: async (request) => {
      const { actor } = requirePerson(request);
      return db.transaction({ tenantId: actor.tenantId }, (tx) => secondFactors.startEnrolment(tx, actor.tenantId, actor.id));
    },
  });

  app.post('/api/v1/auth/second-factor/confirmation', {
    schema: {
      tags,
      summary: "Confirm the app's first code: two-step verification is on, and the recovery codes are answered once",
      body: Type.Object({ code: Code }, { additionalProperties: false }),
      response: { 200: RecoveryCodes },
    },
    handler: async (request) => {
      const { actor } = requirePerson(request);
      const { code } = request.body as { code: string };
      return secondFactors.check(actor.tenantId, actor.id, { code }, { confirming: true }, async (tx, recoveryCodes) => {
        await auditLog(tx, actor, 'auth.second_factor.enrolled', { userId: actor.id });
        return { recoveryCodes: recoveryCodes ?? [] };
      });
    },
  });

  app.post('/api/v1/auth/second-factor/removal', {
    schema: {
      tags,
      summary: 'Turn two-step verification off (with a current code); refused while the shop requires it for you',
      body: Type.Object({ code: Code }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor } = requirePerson(request);
      const { code } = request.body as { code: string };
      const status = await secondFactors.status(actor.tenantId, actor.id);
      if (status.required)
        throw new DomainError(
          'auth.second_factor_required_by_policy',
          409,
          'This shop requires two-step verification for what you can do; it cannot be turned off (a manager can reset it if you lost your phone).',
        );
      await secondFactors.check(actor.tenantId, actor.id, { code }, {}, async (tx) => {
        await secondFactors.remove(tx, actor.id);
        await auditLog(tx, actor, 'auth.second_factor.removed', { userId: actor.id });
      });
      return reply.code(204).send();
    },
  });

  app.delete('/api/v1/tenants/current/users/:userId/second-factor', {
    schema: {
      tags: ['Tenancy'],
      summary: "Reset a staff member's two-step verification (a lost phone): they set it up again at their next sign-in",
      description: 'Needs `kernel:users.manage`.',
      params: Type.Object({ userId: Uuid }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor } = requirePermission(request, 'kernel:users.manage');
      const { userId } = request.params as { userId: string };
      await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        if (!(await secondFactors.remove(tx, userId)))
          throw notFound('auth.second_factor_not_enrolled', 'This person has no two-step verification to reset.');
        await auditLog(tx, actor, 'auth.second_factor.reset', { userId });
      });
      return reply.code(204).send();
    },
  });
}
