import { NonBlankText, Uuid } from '@kits/plugin-sdk';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../tenancy/audit.ts';
import { requirePerson } from '../authenticator.ts';
import { signInContext } from '../identity/identity-routes.ts';
import type { SessionService } from '../sessions/session-service.ts';
import type { Passkeys, WebAuthnSite } from './passkeys.ts';
import type { SignInThrottle } from '../sign-in-throttle.ts';

/** What a browser's WebAuthn answer looks like (`@simplewebauthn/browser` sends it as JSON); the library checks the rest. */
const Base64Url = (maxLength: number) => Type.String({ pattern: `^[A-Za-z0-9_-]{1,${maxLength}}$` });
const CredentialResponse = Type.Object(
  {
    id: Base64Url(1400),
    rawId: Base64Url(1400),
    type: Type.Literal('public-key'),
    response: Type.Object({ clientDataJSON: Base64Url(10_000) }, { additionalProperties: true }),
    clientExtensionResults: Type.Optional(Type.Object({}, { additionalProperties: true })),
    authenticatorAttachment: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);
const PasskeyView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  lastUsedAt: Type.Union([Type.String(), Type.Null()]),
});
const Options = Type.Object({ challenge: Type.String() }, { additionalProperties: true });

/** The site the browser is on, as it reached this kernel: passkeys are bound to its host name and origin. */
const siteOf = (request: FastifyRequest): WebAuthnSite => ({ rpId: request.hostname, origin: `${request.protocol}://${request.host}` });

/** Passkeys: sign in with one, and a person's own list (add, remove) — docs/identity.md. */
export function registerPasskeyRoutes(
  app: FastifyInstance,
  deps: {
    readonly db: Database;
    readonly passkeys: Passkeys;
    readonly sessions: SessionService;
    readonly throttle: SignInThrottle;
  },
): void {
  const { db, passkeys, sessions } = deps;
  const tags = ['Auth'];

  app.post('/api/v1/auth/passkeys/sign-in/options', {
    schema: {
      tags,
      summary: 'A challenge for signing in with a passkey (any passkey of this site: it names the account)',
      security: [],
      response: { 200: Options },
    },
    handler: async (request) => {
      await deps.throttle(request, `passkey:${request.ip}`);
      return passkeys.signInOptions(siteOf(request));
    },
  });

  app.post('/api/v1/auth/passkeys/sign-in', {
    schema: {
      tags,
      summary: 'Sign in with a passkey: the browser answers the challenge; the session is as a password sign-in with a second factor',
      security: [],
      body: Type.Object({ response: CredentialResponse }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          accessToken: Type.String(),
          refreshToken: Type.String(),
          tokenType: Type.Literal('Bearer'),
          expiresIn: Type.Integer(),
          tenant: Type.String(),
        }),
      },
    },
    handler: async (request) => {
      await deps.throttle(request, `passkey:${request.ip}`);
      const response = (request.body as { response: AuthenticationResponseJSON }).response;
      const person = await passkeys.signIn(siteOf(request), response);
      const session = await sessions.open({
        tenantId: person.tenantId,
        userId: person.userId,
        client: 'office',
        method: 'passkey',
        // A passkey is something held, unlocked by something known or a fingerprint: two factors.
        secondFactor: true,
        context: signInContext(request),
      });
      return { ...session, tenant: person.slug };
    },
  });

  app.get('/api/v1/auth/passkeys', {
    schema: { tags, summary: "The signed-in person's passkeys", response: { 200: Type.Object({ items: Type.Array(PasskeyView) }) } },
    handler: async (request) => {
      const { actor } = requirePerson(request);
      return { items: await db.transaction({ tenantId: actor.tenantId }, (tx) => passkeys.list(tx, actor.id)) };
    },
  });

  app.post('/api/v1/auth/passkeys/registration-options', {
    schema: { tags, summary: 'A challenge for adding a passkey to your account', response: { 200: Options } },
    handler: async (request) => {
      const { actor } = requirePerson(request);
      return passkeys.registrationOptions(siteOf(request), actor.tenantId, actor.id);
    },
  });

  app.post('/api/v1/auth/passkeys', {
    schema: {
      tags,
      summary: 'Add a passkey: the browser answers the registration challenge',
      body: Type.Object({ name: NonBlankText(100), response: CredentialResponse }, { additionalProperties: false }),
      response: { 201: PasskeyView },
    },
    handler: async (request, reply) => {
      const { actor } = requirePerson(request);
      const body = request.body as { name: string; response: RegistrationResponseJSON };
      const added = await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const view = await passkeys.register(tx, siteOf(request), actor.tenantId, actor.id, body.name.trim(), body.response);
        await auditLog(tx, actor, 'auth.passkey.added', { userId: actor.id, passkeyId: view.id, name: view.name });
        return view;
      });
      reply.code(201);
      return added;
    },
  });

  app.delete('/api/v1/auth/passkeys/:passkeyId', {
    schema: {
      tags,
      summary: 'Remove one of your passkeys',
      params: Type.Object({ passkeyId: Uuid }, { additionalProperties: false }),
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor } = requirePerson(request);
      const { passkeyId } = request.params as { passkeyId: string };
      await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        await passkeys.remove(tx, actor.id, passkeyId);
        await auditLog(tx, actor, 'auth.passkey.removed', { userId: actor.id, passkeyId });
      });
      return reply.code(204).send();
    },
  });
}
