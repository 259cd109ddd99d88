import { DomainError, type Actor } from '@kits/plugin-sdk';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { hasPermission } from '../auth/authenticated.ts';
import { requireOperator } from '../auth/authenticator.ts';
import type { Database } from '../db/database.ts';
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

const PluginIdParams = Type.Object({ pluginId: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }) }, { additionalProperties: false });

const InstallSchema = Type.Object({
  pluginId: Type.String(),
  versionRange: Type.String(),
  version: Type.String(),
  enabled: Type.Boolean(),
  settings: Type.Record(Type.String(), Type.Unknown()),
});

const PluginListing = Type.Object({
  id: Type.String(),
  displayName: Type.String(),
  description: Type.Optional(Type.String()),
  versions: Type.Array(Type.String()),
  provides: Type.Array(Type.String()),
  requires: Type.Record(Type.String(), Type.String()),
  permissions: Type.Array(Type.String()),
  settingsSchema: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  install: Type.Union([InstallSchema, Type.Null()]),
});

const installView = (install: TenantInstall) => ({ ...install });

/** `/api/v1/plugins`: what a tenant admin can enable, and enabling, disabling and configuring it. */
export function registerPluginRoutes(app: FastifyInstance, host: PluginHost, db: Database): void {
  app.get('/api/v1/plugins', {
    schema: {
      tags: ['Plugins'],
      summary: "The plugins this kernel has, with this tenant's install of each",
      response: { 200: Type.Object({ items: Type.Array(PluginListing) }) },
    },
    handler: async (request) => {
      const actor = managingActor(request);
      const installs = await host.installsOf(actor.tenantId);
      return {
        items: host.catalog.ids().map((id) => {
          const [newest] = host.catalog.versions(id);
          const manifest = newest!.manifest;
          const install = installs.get(id);
          return {
            id,
            displayName: manifest.displayName,
            ...(manifest.description ? { description: manifest.description } : {}),
            versions: host.catalog.versions(id).map((pkg) => pkg.version),
            provides: [...(manifest.provides ?? [])],
            requires: { ...(manifest.requires ?? {}) },
            permissions: [...(manifest.permissions ?? [])],
            ...(manifest.settings ? { settingsSchema: { ...manifest.settings } } : {}),
            install: install ? installView(install) : null,
          };
        }),
      };
    },
  });

  app.post('/api/v1/plugins/:pluginId/enable', {
    schema: {
      tags: ['Plugins'],
      summary: 'Enable a plugin for this tenant (installing or moving it to the version range given)',
      params: PluginIdParams,
      // No body at all (a bare POST arrives as null) enables again at the range the tenant had.
      body: Type.Union([
        Type.Object({ version: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) }, { additionalProperties: false }),
        Type.Null(),
      ]),
      response: { 200: InstallSchema },
    },
    handler: async (request) => {
      const actor = managingActor(request);
      const { pluginId } = request.params as { pluginId: string };
      const body = (request.body ?? {}) as { version?: string };
      return installView(await host.enable(actor.tenantId, pluginId, body.version, actor));
    },
  });

  app.put('/api/v1/tenants/:tenantId/plugins/:pluginId', {
    schema: {
      tags: ['Plugins'],
      summary: "Pin a tenant's plugin to a version or range from the registry, installing and enabling it (operators only)",
      params: Type.Object(
        { tenantId: Type.String({ format: 'uuid' }), pluginId: PluginIdParams.properties.pluginId },
        { additionalProperties: false },
      ),
      body: Type.Object(
        { version: Type.String({ minLength: 1, maxLength: 100, description: 'an exact version (1.2.3) or a semver range (^1.2)' }) },
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
      return installView(await host.enable(tenantId, pluginId, (request.body as { version: string }).version, actor));
    },
  });

  app.post('/api/v1/plugins/:pluginId/disable', {
    schema: { tags: ['Plugins'], summary: 'Disable a plugin for this tenant', params: PluginIdParams, response: { 200: InstallSchema } },
    handler: async (request) => {
      const actor = managingActor(request);
      const { pluginId } = request.params as { pluginId: string };
      return installView(await host.disable(actor.tenantId, pluginId, actor));
    },
  });

  app.put('/api/v1/plugins/:pluginId/settings', {
    schema: {
      tags: ['Plugins'],
      summary: "Replace this tenant's settings of a plugin (checked against the plugin's settings schema)",
      params: PluginIdParams,
      body: Type.Record(Type.String(), Type.Unknown()),
      response: { 200: InstallSchema },
    },
    handler: async (request) => {
      const actor = managingActor(request);
      const { pluginId } = request.params as { pluginId: string };
      return installView(await host.updateSettings(actor.tenantId, pluginId, request.body as Record<string, unknown>, actor));
    },
  });
}
