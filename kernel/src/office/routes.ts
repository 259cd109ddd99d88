import type { FastifyInstance } from 'fastify';
import { requireTenantActor } from '../auth/authenticator.ts';
import type { PluginCatalog } from '../plugins/discovery.ts';
import { BundleListing, serveHostApp, servePluginBundles } from '../plugins/plugin-bundles.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { officePluginsOf } from './office-plugins.ts';

export interface OfficeRouteDeps {
  readonly host: PluginHost;
  readonly catalog: PluginCatalog;
  /** The built back office (`office/dist-app`). */
  readonly officeDir: string;
}

/**
 * The back office: the app at /office (a single-page app: unknown paths get its index.html), the
 * office bundles of installed plugin versions at /office/plugins/<id>/<version>/…, and the list of
 * bundles a signed-in person's office loads (`GET /api/v1/office/plugins`).
 */
export async function registerOfficeRoutes(app: FastifyInstance, deps: OfficeRouteDeps): Promise<void> {
  app.get('/api/v1/office/plugins', {
    schema: {
      tags: ['office'],
      summary: "The office bundles of the tenant's enabled plugins, with their settings (never a secret)",
      response: { 200: BundleListing },
    },
    handler: async (request) => ({ items: await officePluginsOf(deps.host, requireTenantActor(request).actor.tenantId) }),
  });

  servePluginBundles(app, 'office', deps.catalog);
  await serveHostApp(app, 'office', deps.officeDir);
}
