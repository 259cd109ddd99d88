import type { FastifyInstance } from 'fastify';
import { requireTenantActor } from '../auth/authenticator.ts';
import type { PluginCatalog } from '../plugins/discovery.ts';
import { BundleListing, serveHostApp, servePluginBundles } from '../plugins/plugin-bundles.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { tillPluginsOf } from './till-plugins.ts';

export interface TillRouteDeps {
  readonly host: PluginHost;
  readonly catalog: PluginCatalog;
  /** The built till app (`till/dist-app`). */
  readonly tillDir: string;
}

/**
 * The till in a browser: the app at /till (a single-page app: unknown paths get its index.html),
 * the till bundles of installed plugin versions at /till/plugins/<id>/<version>/…, and the list
 * of bundles a signed-in till loads (`GET /api/v1/till/plugins`).
 */
export async function registerTillRoutes(app: FastifyInstance, deps: TillRouteDeps): Promise<void> {
  app.get('/api/v1/till/plugins', {
    schema: {
      tags: ['till'],
      summary: "The till bundles of the tenant's enabled plugins, with the settings a till may see",
      response: { 200: BundleListing },
    },
    handler: async (request) => ({ items: await tillPluginsOf(deps.host, requireTenantActor(request).actor.tenantId) }),
  });

  servePluginBundles(app, 'till', deps.catalog);
  await serveHostApp(app, 'till', deps.tillDir);
}
