import { DomainError, NonBlankText, Timestamp, Uuid, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasPermission } from '../auth/authenticated.ts';
import { requireOperator, requireTenantActor } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';
import { installView, type Marketplace } from './marketplace.ts';
import type { PluginHost, TenantInstall } from './plugin-host.ts';

const MANAGE = 'kernel:plugins.manage';

function managingActor(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (!principal) throw new DomainError('auth.required', 401, 'Sign in first: send Authorization: Bearer <access token>.');
  if (!('actor' in principal)) throw new DomainError('auth.forbidden', 403, 'Plugins are enabled per tenant; sign in as a tenant admin.');
  if (!hasPermission(principal.grants, MANAGE)) {
    throw new DomainError('auth.forbidden', 403, `You need the permission "${MANAGE}" to manage plugins.`, { permission: MANAGE });
  }
  return principal.actor;
}

const PluginId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' });
const PluginIdParams = Type.Object({ pluginId: PluginId }, { additionalProperties: false });

const InstallSummarySchema = Type.Object({
  pluginId: Type.String(),
  versionRange: Type.String(),
  version: Type.String(),
  enabled: Type.Boolean(),
  notice: Type.Union([Type.String(), Type.Null()], {
    description:
      'what the kernel did to this install on its own (its release was yanked: moved to another version or disabled); null once the shop changes it again',
  }),
});

const InstallSchema = Type.Object({
  ...InstallSummarySchema.properties,
  settings: Type.Record(Type.String(), Type.Unknown(), { description: 'the settings, without any secret setting' }),
  secretsSet: Type.Array(Type.String(), {
    description: 'the secret settings (x-kits-secret, dotted paths) that hold a value; their values are never answered',
  }),
});

const ListingProperties = {
  id: Type.String(),
  displayName: Type.String(),
  description: Type.Optional(Type.String()),
  publisher: Type.String({ description: 'who published it to the registry' }),
  trustedPublisher: Type.Boolean({ description: 'whether this kernel installs releases of this publisher (TRUSTED_PUBLISHERS)' }),
  latest: Type.String(),
  kernel: Type.String({ description: 'kernel versions the latest release runs on (semver range)' }),
  kernelCompatible: Type.Boolean({ description: 'whether the latest release runs on this kernel' }),
  versions: Type.Array(Type.String(), { description: 'installable versions, newest first' }),
  provides: Type.Array(Type.String()),
  requires: Type.Record(Type.String(), Type.String()),
  permissions: Type.Array(Type.String(), { description: 'permissions the latest release asks for' }),
};

const PluginListing = Type.Object({ ...ListingProperties, install: Type.Union([InstallSummarySchema, Type.Null()]) });

const PluginDetail = Type.Object({
  ...ListingProperties,
  publisherName: Type.String(),
  releases: Type.Array(
    Type.Object({
      version: Type.String(),
      publishedAt: Timestamp,
      kernel: Type.String(),
      kernelCompatible: Type.Boolean(),
      permissions: Type.Array(Type.String()),
      yanked: Type.Boolean(),
      yankReason: Type.Union([Type.String(), Type.Null()]),
    }),
    { description: 'every release, newest first' },
  ),
  settingsSchema: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()], {
    description: "JSON Schema of the settings of the version the tenant runs (the latest release's when not installed)",
  }),
  settingsVersion: Type.String(),
  install: Type.Union([InstallSchema, InstallSummarySchema, Type.Null()], {
    description: 'settings and secretsSet only for those who may manage plugins',
  }),
  canManage: Type.Boolean({ description: `whether the signed-in user holds ${MANAGE}` }),
});

const canManage = (request: FastifyRequest): boolean => {
  const principal = request.principal;
  return principal !== undefined && 'actor' in principal && hasPermission(principal.grants, MANAGE);
};

export interface PluginRouteDeps {
  readonly host: PluginHost;
  readonly db: Database;
  readonly marketplace: Marketplace;
}

/**
 * `/api/v1/plugins`: the marketplace (the registry's plugins, searched, with the tenant's install
 * of each) for anyone signed in to the tenant; enabling, disabling and configuring for those who
 * hold kernel:plugins.manage; pinning for operators.
 */
export function registerPluginRoutes(app: FastifyInstance, deps: PluginRouteDeps): void {
  const { host, db, marketplace } = deps;
  const view = (install: TenantInstall) => installView(install, host.catalog.get(install.pluginId, install.version)?.manifest.settings);

  app.get('/api/v1/plugins', {
    schema: {
      tags: ['Plugins'],
      summary: "Search the registry's plugins (by id, name or description; every plugin without q), with this tenant's install of each",
      querystring: Type.Object(
        {
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          cursor: Type.Optional(PluginId),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
        },
        { additionalProperties: false },
      ),
      response: {
        200: Type.Object({
          items: Type.Array(PluginListing),
          nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'pass as cursor for the next page' }),
          canManage: Type.Boolean({ description: `whether the signed-in user holds ${MANAGE}` }),
        }),
      },
    },
    handler: async (request) => {
      const { actor } = requireTenantActor(request);
      const { q, cursor, limit } = request.query as { q?: string; cursor?: string; limit?: number };
      const page = await marketplace.search(actor.tenantId, {
        ...(q ? { query: q } : {}),
        ...(cursor ? { cursor } : {}),
        limit: limit ?? 50,
      });
      return { ...page, canManage: canManage(request) };
    },
  });

  app.get('/api/v1/plugins/:pluginId', {
    schema: {
      tags: ['Plugins'],
      summary: 'A plugin of the registry: what it does, its publisher, the permissions it asks for, its releases, its settings schema',
      params: PluginIdParams,
      response: { 200: PluginDetail },
    },
    handler: async (request) => {
      const { actor } = requireTenantActor(request);
      const { pluginId } = request.params as { pluginId: string };
      const manages = canManage(request);
      return { ...(await marketplace.detail(actor.tenantId, pluginId, manages)), canManage: manages };
    },
  });

  app.post('/api/v1/plugins/:pluginId/enable', {
    schema: {
      tags: ['Plugins'],
      summary: 'Enable a plugin for this tenant (installing or moving it to the version range given), with its settings when given',
      description:
        'A plugin whose settings have a required field without a default cannot run unset: send `settings` with the enable ' +
        '(checked against the schema of the version it installs, as PUT …/settings checks them; nothing is written when refused).',
      params: PluginIdParams,
      // No body at all (a bare POST arrives as null) enables again at the range the tenant had.
      body: Type.Union([
        Type.Object(
          {
            version: Type.Optional(NonBlankText(100)),
            settings: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'the settings to enable it with' })),
          },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
      response: { 200: InstallSchema },
    },
    handler: async (request) => {
      const actor = managingActor(request);
      const { pluginId } = request.params as { pluginId: string };
      const body = (request.body ?? {}) as { version?: string; settings?: Record<string, unknown> };
      // Without a version, enabling again keeps the range the install has (an operator's pin, say).
      return view(await host.enable(actor.tenantId, pluginId, body.version, actor, body.settings));
    },
  });

  app.put('/api/v1/tenants/:tenantId/plugins/:pluginId', {
    schema: {
      tags: ['Plugins'],
      summary: "Pin a tenant's plugin to a version or range from the registry, installing and enabling it (operators only)",
      params: Type.Object({ tenantId: Uuid, pluginId: PluginIdParams.properties.pluginId }, { additionalProperties: false }),
      body: Type.Object(
        { version: NonBlankText(100, { description: 'an exact version (1.2.3) or a semver range (^1.2)' }) },
        { additionalProperties: false },
      ),
      response: { 200: InstallSchema },
    },
    handler: async (request) => {
      const operatorId = requireOperator(request);
      const { tenantId, pluginId } = request.params as { tenantId: string; pluginId: string };
      const [tenant] = await db.query('select 1 from kernel.tenants where tenant_id = $1', [tenantId]);
      if (!tenant)
        throw new DomainError('tenancy.tenant_not_found', 404, `There is no tenant ${tenantId}. GET /api/v1/tenants lists them.`);
      const actor: Actor = { kind: 'system', id: `operator:${operatorId}`, tenantId };
      return view(await host.enable(tenantId, pluginId, (request.body as { version: string }).version, actor));
    },
  });

  app.post('/api/v1/plugins/:pluginId/disable', {
    schema: { tags: ['Plugins'], summary: 'Disable a plugin for this tenant', params: PluginIdParams, response: { 200: InstallSchema } },
    handler: async (request) => {
      const actor = managingActor(request);
      const { pluginId } = request.params as { pluginId: string };
      return view(await host.disable(actor.tenantId, pluginId, actor));
    },
  });

  app.put('/api/v1/plugins/:pluginId/settings', {
    schema: {
      tags: ['Plugins'],
      summary: "Replace this tenant's settings of a plugin (checked against the plugin's settings schema)",
      description:
        'A secret setting (x-kits-secret) left out keeps its stored value; null or "" clears it. Secrets are stored encrypted and never answered: `secretsSet` names those that hold a value.',
      params: PluginIdParams,
      body: Type.Record(Type.String(), Type.Unknown()),
      response: { 200: InstallSchema },
    },
    handler: async (request) => {
      const actor = managingActor(request);
      const { pluginId } = request.params as { pluginId: string };
      return view(await host.updateSettings(actor.tenantId, pluginId, request.body as Record<string, unknown>, actor));
    },
  });
}
