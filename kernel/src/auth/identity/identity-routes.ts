import { DomainError, NonBlankText, notFound, Uuid } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import type { Database } from '../../db/database.ts';
import { auditLog } from '../../tenancy/audit.ts';
import { requirePermission } from '../authenticator.ts';
import type { SignInContext } from '../sessions/session-records.ts';
import { randomBytes } from 'node:crypto';
import type { IdentityProviders } from './identity-providers.ts';
import type { OperatorSso } from './operator-sso.ts';
import type { SsoSignIn } from './sso-sign-in.ts';
import type { SignInThrottle } from '../sign-in-throttle.ts';

const Email = Type.String({ format: 'email', maxLength: 254 });
const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,39}$' });
/** The one-time code a callback hands over (`kitssso_…`, `kitsopsso_…`): letters, digits, `_` and `-` only. */
const HandoffCode = Type.String({ pattern: '^[A-Za-z0-9_-]{10,100}$' });
const Domain = Type.String({ pattern: '^[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$', maxLength: 253 });

const GroupRoleSchema = Type.Object(
  { group: NonBlankText(200), roleId: Uuid, locationId: Type.Union([Uuid, Type.Null()]) },
  { additionalProperties: false },
);
const ProviderFields = {
  name: NonBlankText(100),
  issuer: NonBlankText(500, { minLength: 8 }),
  clientId: NonBlankText(300),
  emailDomains: Type.Array(Domain, { maxItems: 50 }),
  createAccounts: Type.Boolean(),
  groupClaim: NonBlankText(100),
  groupRoles: Type.Array(GroupRoleSchema, { maxItems: 200 }),
};
const ProviderInput = Type.Object({ ...ProviderFields, clientSecret: Type.Optional(NonBlankText(1000)) }, { additionalProperties: false });
const ProviderView = Type.Object({ ...ProviderFields, clientSecretSet: Type.Boolean(), redirectUri: Type.String() });
const SignInPolicy = Type.Object(
  { passwordSignIn: Type.Boolean(), secondFactorFor: Type.Array(NonBlankText(200), { maxItems: 200 }) },
  { additionalProperties: false },
);
const SessionWithTenant = Type.Object({
  accessToken: Type.String(),
  refreshToken: Type.String(),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer(),
  tenant: Type.String(),
});

export const SSO_CALLBACK_PATH = '/api/v1/auth/sso/callback';
export const OPERATOR_SSO_CALLBACK_PATH = '/api/v1/auth/operator/sso/callback';

/**
 * What the operator's sign-in window shows when the provider sends it back: it hands the one-time
 * code (or the refusal's code) to the window that opened it, on this origin only, and closes.
 */
function operatorCallbackPage(message: { code: string } | { error: string }, nonce: string): string {
  const json = JSON.stringify({ type: 'kits.operator-sso', ...message }).replaceAll('<', '\\u003c');
  const words =
    'code' in message ? 'Signed in. You can close this window.' : `Sign-in refused (${message.error}). You can close this window.`;
  return `<!doctype html><html><head><meta charset="utf-8"><title>KiTS operator sign-in</title></head>
<body><p>${words}</p><script nonce="${nonce}">
if (window.opener) { window.opener.postMessage(${json}, location.origin); window.close(); }
</script></body></html>`;
}
/** Where the callback sends the browser back to: the office's sign-in page reads `sso` or `sso_error`. */
const OFFICE_PATH = '/office/';

/** This kernel's own URL as the browser reached it (the provider's redirect URI is registered with it). */
const originOf = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
/** The provider's redirect URI, normalised as a URL (the callback compares it with the URL it was called at). */
const callbackUrlOf = (request: FastifyRequest) => new URL(SSO_CALLBACK_PATH, originOf(request)).href;

/** The client's address and browser, for the list of sessions. */
export const signInContext = (request: FastifyRequest): SignInContext => ({
  address: request.ip,
  ...(request.headers['user-agent'] ? { userAgent: request.headers['user-agent'] } : {}),
});

export interface IdentityRouteDeps {
  readonly db: Database;
  readonly providers: IdentityProviders;
  readonly sso: SsoSignIn;
  readonly operatorSso: OperatorSso;
  readonly permissionCatalog: () => readonly string[];
  readonly throttle: SignInThrottle;
}

/** Single sign-on (`/api/v1/auth/sso/*`), a shop's identity provider and its sign-in policy (docs/identity.md). */
export function registerIdentityRoutes(app: FastifyInstance, deps: IdentityRouteDeps): void {
  const { db, providers, sso } = deps;
  const tags = ['Auth'];

  app.get('/api/v1/auth/sso/discover', {
    schema: {
      tags,
      summary: "Which shop signs in a work e-mail's domain with a company account, and where to start",
      security: [],
      querystring: Type.Object({ email: Email }, { additionalProperties: false }),
      response: {
        200: Type.Object({ tenant: Type.String(), tenantName: Type.String(), providerName: Type.String(), startUrl: Type.String() }),
      },
    },
    handler: async (request) => {
      const { email } = request.query as { email: string };
      // Per e-mail, and per address (a shop's people share one): guessing which domains sign in is throttled.
      await deps.throttle(request, `sso-discover:${email}`);
      const found = await providers.byEmailDomain(email);
      if (!found)
        throw notFound(
          'auth.sso_unknown_domain',
          `No shop signs in people of ${email.split('@')[1]} with a company account: sign in with your e-mail and password.`,
        );
      const start = new URLSearchParams({ tenant: found.slug, login_hint: email });
      return {
        tenant: found.slug,
        tenantName: found.shopName,
        providerName: found.providerName,
        startUrl: `/api/v1/auth/sso/start?${start.toString()}`,
      };
    },
  });

  app.get('/api/v1/auth/sso/start', {
    schema: {
      tags,
      summary: "Start signing in with the shop's identity provider: redirects (302) to it",
      security: [],
      querystring: Type.Object({ tenant: Slug, login_hint: Type.Optional(Email) }, { additionalProperties: false }),
      response: { 302: Type.Null() },
    },
    handler: async (request, reply) => {
      const query = request.query as { tenant: string; login_hint?: string };
      await deps.throttle(request, `sso-start:${query.tenant}:${query.login_hint ?? request.ip}`);
      const url = await sso.start(query.tenant, callbackUrlOf(request), query.login_hint);
      return reply.redirect(url.href, 302);
    },
  });

  app.get(SSO_CALLBACK_PATH, {
    schema: {
      tags,
      summary: 'Where the identity provider sends the person back; redirects (302) to the office',
      description:
        'Register `<this kernel>/api/v1/auth/sso/callback` as the redirect URI. Success goes to `/office/?sso=<one-time code>`, a refusal to `/office/?sso_error=<code>` (the kernel logs why).',
      security: [],
      response: { 302: Type.Null() },
    },
    handler: async (request, reply) => {
      const url = new URL(request.url, originOf(request));
      try {
        const handoff = await sso.callback(url);
        return reply.redirect(`${OFFICE_PATH}?${new URLSearchParams({ sso: handoff }).toString()}`, 302);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        // The office words the refusal itself from the code: text in a URL is anybody's to write.
        request.log.info({ code: error.code, detail: error.message }, 'single sign-on refused');
        return reply.redirect(`${OFFICE_PATH}?${new URLSearchParams({ sso_error: error.code }).toString()}`, 302);
      }
    },
  });

  app.post('/api/v1/auth/sso/complete', {
    schema: {
      tags,
      summary: "Exchange the callback's one-time code for the session",
      security: [],
      body: Type.Object({ code: HandoffCode }, { additionalProperties: false }),
      response: { 200: SessionWithTenant },
    },
    handler: async (request) => {
      // The code is 256 random bits: the per-address limit is what guards it.
      await deps.throttle(request, `sso-complete:${(request.body as { code: string }).code.slice(0, 20)}`);
      return sso.complete((request.body as { code: string }).code, signInContext(request));
    },
  });

  app.get('/api/v1/auth/operator/sso', {
    schema: {
      tags,
      summary: "Operators: whether this kernel signs them in with the platform's identity provider",
      security: [],
      response: { 200: Type.Object({ enabled: Type.Boolean() }) },
    },
    handler: async () => ({ enabled: deps.operatorSso.enabled }),
  });

  app.get('/api/v1/auth/operator/sso/start', {
    schema: {
      tags,
      summary: "Operators: start signing in with the platform's identity provider (OPERATOR_OIDC_*): redirects (302) to it",
      description: `Open it in a window of its own: the provider sends it back to ${OPERATOR_SSO_CALLBACK_PATH}, which hands the opener a one-time code.`,
      security: [],
      response: { 302: Type.Null() },
    },
    handler: async (request, reply) => {
      await deps.throttle(request, `operator-sso:${request.ip}`);
      const url = await deps.operatorSso.start(new URL(OPERATOR_SSO_CALLBACK_PATH, originOf(request)).href);
      return reply.redirect(url.href, 302);
    },
  });

  app.get(OPERATOR_SSO_CALLBACK_PATH, {
    schema: {
      tags,
      summary:
        "Where the operators' identity provider sends them back: a page handing the one-time code to the window that opened the sign-in",
      security: [],
      response: { 200: Type.String() },
    },
    handler: async (request, reply) => {
      const url = new URL(request.url, originOf(request));
      let message: { code: string } | { error: string };
      try {
        message = { code: await deps.operatorSso.callback(url) };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        request.log.info({ code: error.code, detail: error.message }, 'operator single sign-on refused');
        message = { error: error.code };
      }
      const nonce = randomBytes(16).toString('base64');
      return reply
        .header('content-type', 'text/html; charset=utf-8')
        .header('content-security-policy', `default-src 'none'; script-src 'nonce-${nonce}'`)
        .header('cache-control', 'no-store')
        .send(operatorCallbackPage(message, nonce));
    },
  });

  app.post('/api/v1/auth/operator/sso/complete', {
    schema: {
      tags,
      summary: "Operators: exchange the callback's one-time code for an operator access token",
      security: [],
      body: Type.Object({ code: HandoffCode }, { additionalProperties: false }),
      response: { 200: Type.Object({ accessToken: Type.String(), tokenType: Type.Literal('Bearer'), expiresIn: Type.Integer() }) },
    },
    handler: async (request) => {
      await deps.throttle(request, `operator-sso-complete:${(request.body as { code: string }).code.slice(0, 20)}`);
      return deps.operatorSso.complete((request.body as { code: string }).code);
    },
  });

  const tenantTags = ['Tenancy'];
  const redirectUri = callbackUrlOf;

  app.get('/api/v1/tenants/current/identity-provider', {
    schema: {
      tags: tenantTags,
      summary: "The shop's identity provider for single sign-on (the client secret is never shown)",
      description: 'Needs `kernel:tenant.manage`.',
      response: { 200: ProviderView },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:tenant.manage');
      const view = await db.transaction({ tenantId: actor.tenantId }, (tx) => providers.view(tx, actor.tenantId));
      if (!view)
        throw notFound(
          'tenancy.no_identity_provider',
          `This shop has no identity provider yet; PUT one. Its redirect URI: ${redirectUri(request)}`,
        );
      return { ...view, redirectUri: redirectUri(request) };
    },
  });

  app.put('/api/v1/tenants/current/identity-provider', {
    schema: {
      tags: tenantTags,
      summary: "Set the shop's identity provider (OIDC): issuer, client, e-mail domains, accounts at first sign-in, group → role mapping",
      description:
        "Needs `kernel:tenant.manage`. The issuer's discovery document is read first (422 `auth.sso_issuer_unreachable` when it cannot be). Leave `clientSecret` out to keep the stored one.",
      body: ProviderInput,
      response: { 200: ProviderView },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:tenant.manage');
      const input = request.body as Static<typeof ProviderInput>;
      const view = await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        const saved = await providers.save(tx, actor.tenantId, input);
        await auditLog(tx, actor, 'auth.identity_provider.saved', {
          name: saved.name,
          issuer: saved.issuer,
          clientId: saved.clientId,
          emailDomains: saved.emailDomains,
          createAccounts: saved.createAccounts,
          secretChanged: input.clientSecret !== undefined,
        });
        return saved;
      });
      return { ...view, redirectUri: redirectUri(request) };
    },
  });

  app.delete('/api/v1/tenants/current/identity-provider', {
    schema: {
      tags: tenantTags,
      summary: "Remove the shop's identity provider: its single sign-on sessions end at their next refresh",
      description: 'Needs `kernel:tenant.manage`. Refused (409) while password sign-in is off.',
      response: { 204: Type.Null() },
    },
    handler: async (request, reply) => {
      const { actor } = requirePermission(request, 'kernel:tenant.manage');
      await db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        if (!(await providers.remove(tx, actor.tenantId)))
          throw notFound('tenancy.no_identity_provider', 'This shop has no identity provider to remove.');
        await auditLog(tx, actor, 'auth.identity_provider.removed', {});
      });
      return reply.code(204).send();
    },
  });

  app.get('/api/v1/tenants/current/sign-in-policy', {
    schema: {
      tags: tenantTags,
      summary: 'How people sign in: password sign-in on or off, and the permissions whose holders need a second factor',
      description: 'Needs `kernel:tenant.manage`.',
      response: { 200: SignInPolicy },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:tenant.manage');
      const [row] = await db.transaction({ tenantId: actor.tenantId }, (tx) =>
        tx.query<{ password_sign_in: boolean; second_factor_for: string[] }>(
          'select password_sign_in, second_factor_for from kernel.tenants where tenant_id = $1',
          [actor.tenantId],
        ),
      );
      return { passwordSignIn: row!.password_sign_in, secondFactorFor: row!.second_factor_for };
    },
  });

  app.put('/api/v1/tenants/current/sign-in-policy', {
    schema: {
      tags: tenantTags,
      summary: 'Set how people sign in',
      description:
        'Needs `kernel:tenant.manage`. Password sign-in can be turned off only while an identity provider is set. Whoever holds a listed permission must use two-step verification at their next password sign-in.',
      body: SignInPolicy,
      response: { 200: SignInPolicy },
    },
    handler: async (request) => {
      const { actor } = requirePermission(request, 'kernel:tenant.manage');
      const policy = request.body as Static<typeof SignInPolicy>;
      const known = deps.permissionCatalog();
      const unknown = policy.secondFactorFor.filter((permission) => !known.includes(permission));
      if (unknown.length > 0)
        throw new DomainError(
          'auth.unknown_permission',
          400,
          `Unknown permission: ${unknown.join(', ')}. GET /api/v1/tenants/current/permissions lists them.`,
          {
            field: 'secondFactorFor',
            unknown,
          },
        );
      return db.transaction({ tenantId: actor.tenantId }, async (tx) => {
        if (!policy.passwordSignIn && !(await providers.view(tx, actor.tenantId)))
          throw new DomainError(
            'auth.sso_needed_for_sign_in',
            409,
            'Set up company sign-in (an identity provider) before turning password sign-in off, or nobody could sign in.',
            { field: 'passwordSignIn' },
          );
        const secondFactorFor = [...new Set(policy.secondFactorFor)].sort();
        await tx.query('update kernel.tenants set password_sign_in = $2, second_factor_for = $3 where tenant_id = $1', [
          actor.tenantId,
          policy.passwordSignIn,
          secondFactorFor,
        ]);
        await auditLog(tx, actor, 'auth.sign_in_policy.changed', { passwordSignIn: policy.passwordSignIn, secondFactorFor });
        return { passwordSignIn: policy.passwordSignIn, secondFactorFor };
      });
    },
  });
}
