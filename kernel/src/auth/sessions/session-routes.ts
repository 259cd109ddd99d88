import { DomainError, NonBlankText, notFound, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../tenancy/audit.ts';
import { requirePermission, requirePerson } from '../authenticator.ts';
import { hashSecret, verifySecret } from '../passwords.ts';
import { endSessions, openSessionsOf, type EndedSessions } from './session-records.ts';
import type { SignInThrottle } from '../sign-in-throttle.ts';

const SessionViewSchema = Type.Object({
  id: Type.String(),
  client: Type.Union([Type.Literal('office'), Type.Literal('till')]),
  method: Type.Union([Type.Literal('password'), Type.Literal('sso'), Type.Literal('pin'), Type.Literal('passkey')]),
  deviceName: Type.Union([Type.String(), Type.Null()]),
  userAgent: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  secondFactor: Type.Boolean(),
  createdAt: Type.String(),
  lastUsedAt: Type.String(),
  current: Type.Boolean(),
});
const SessionList = Type.Object({ items: Type.Array(SessionViewSchema) });

/** A person's sessions: see them, end any; a staff manager ends someone's; a password change ends the others (docs/identity.md). */
export function registerSessionRoutes(
  app: FastifyInstance,
  deps: {
    readonly db: Database;
    readonly endedSessions: EndedSessions;
    readonly throttle: SignInThrottle;
  },
): void {
  const { db, endedSessions } = deps;
  const tags = ['Auth'];

  app.get('/api/v1/auth/sessions', {
    schema: {
      tags,
      summary: "The signed-in person's open sessions: where, when, which client; `current` is this one",
      response: { 200: SessionList },
    },
    handler: async (request) => {
      const { actor, sessionId } = requirePerson(request);
      return { items: await db.transaction({ tenantId: actor.tenantId }, (tx) => openSessionsOf(tx, actor.id, sessionId)) };
    },
  });

  app.delete('/api/v1/auth/sessions/:sessionId', {
    schema: {
      tags,
      summary: 'End one of your sessions: its refresh token stops working at once, its access token within seconds',
      params: Type.Object({ sessionId: Uuid }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor, sessionId: current } = requirePerson(request);
      const { sessionId } = request.params as { sessionId: string };
      if (sessionId === current)
        throw new DomainError(
          'auth.current_session',
          409,
          'This is the session you are using: sign out to end it (POST /api/v1/auth/logout with its refresh token).',
        );
      await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const ended = await endSessions(tx, actor.id, { only: sessionId });
        if (ended.length === 0)
          throw notFound('auth.unknown_session', 'You have no open session with that id (it may have ended already).');
        endedSessions.add(ended);
        await auditLog(tx, actor, 'auth.session.ended', { userId: actor.id, sessions: ended });
      });
      return reply.code(204).send();
    },
  });

  app.delete('/api/v1/auth/sessions', {
    schema: {
      tags,
      summary: 'End all your sessions but this one',
      response: { 200: Type.Object({ ended: Type.Integer() }) },
    },
    handler: async (request) => {
      const { actor, sessionId } = requirePerson(request);
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const ended = await endSessions(tx, actor.id, { allBut: sessionId });
        endedSessions.add(ended);
        if (ended.length > 0) await auditLog(tx, actor, 'auth.session.ended', { userId: actor.id, sessions: ended });
        return { ended: ended.length };
      });
    },
  });

  app.get('/api/v1/tenants/current/users/:userId/sessions', {
    schema: {
      tags: ['Tenancy'],
      summary: "A staff member's open sessions",
      description: 'Needs `kernel:users.manage`.',
      params: Type.Object({ userId: Uuid }, { additionalProperties: false }),
      response: { 200: SessionList },
    },
    handler: async (request) => {
      const { actor, sessionId } = requirePermission(request, 'kernel:users.manage');
      const { userId } = request.params as { userId: string };
      return {
        items: await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
          const [user] = await tx.query('select 1 from kernel.users where user_id = $1', [userId]);
          if (!user) throw notFound('tenancy.unknown_user', `There is no user ${userId} in this tenant.`);
          return openSessionsOf(tx, userId, sessionId);
        }),
      };
    },
  });

  app.delete('/api/v1/tenants/current/users/:userId/sessions', {
    schema: {
      tags: ['Tenancy'],
      summary: 'End every session of a staff member (on every office and till): they sign in again',
      description: 'Needs `kernel:users.manage`. Named yourself, every session but the one asking ends.',
      params: Type.Object({ userId: Uuid }, { additionalProperties: false }),
      response: { 200: Type.Object({ ended: Type.Integer() }) },
    },
    handler: async (request) => {
      const { actor, sessionId } = requirePermission(request, 'kernel:users.manage');
      const { userId } = request.params as { userId: string };
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const [user] = await tx.query('select 1 from kernel.users where user_id = $1', [userId]);
        if (!user) throw notFound('tenancy.unknown_user', `There is no user ${userId} in this tenant.`);
        // Named yourself: every session but the one asking (signing out ends that one).
        const ended = await endSessions(tx, userId, actor.id === userId ? { allBut: sessionId } : {});
        endedSessions.add(ended);
        await auditLog(tx, actor, 'auth.session.ended', { userId, sessions: ended });
        return { ended: ended.length };
      });
    },
  });

  app.post('/api/v1/auth/password', {
    schema: {
      tags,
      summary: 'Change your password: every other session of yours ends',
      body: Type.Object(
        { currentPassword: NonBlankText(200), newPassword: NonBlankText(200, { minLength: 10 }) },
        { additionalProperties: false },
      ),
      response: { 200: Type.Object({ endedSessions: Type.Integer() }) },
    },
    handler: async (request) => {
      const { actor, sessionId } = requirePerson(request);
      const body = request.body as { currentPassword: string; newPassword: string };
      // Guessing the current password with a stolen token is throttled as signing in is.
      await deps.throttle(request, `password:${actor.tenantId}:${actor.id}`);
      const [user] = await db.transaction({ tenantId: actor.tenantId }, (tx) =>
        tx.query<{ password_hash: string | null }>('select password_hash from kernel.users where user_id = $1', [actor.id]),
      );
      if (!user?.password_hash || !(await verifySecret(user.password_hash, body.currentPassword)))
        throw new DomainError('auth.invalid_credentials', 401, 'The current password is wrong.', { field: 'currentPassword' });
      if (body.newPassword === body.currentPassword)
        throw new DomainError('auth.password_unchanged', 400, 'Choose a new password that differs from the current one.', {
          field: 'newPassword',
        });
      const hash = await hashSecret(body.newPassword);
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        await tx.query('update kernel.users set password_hash = $2 where user_id = $1', [actor.id, hash]);
        const ended = await endSessions(tx, actor.id, { allBut: sessionId });
        endedSessions.add(ended);
        await auditLog(tx, actor, 'auth.password.changed', { userId: actor.id, endedSessions: ended.length });
        return { endedSessions: ended.length };
      });
    },
  });
}
