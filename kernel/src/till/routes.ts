import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireTenantActor } from '../auth/authenticator.ts';
import { problem, sendProblem } from '../http/problem.ts';
import type { PluginCatalog } from '../plugins/discovery.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { TILL_PLUGIN_PREFIX, tillBundleDir, tillPluginsOf } from './till-plugins.ts';

export interface TillRouteDeps {
  readonly host: PluginHost;
  readonly catalog: PluginCatalog;
  /** The built till app (`till/dist-app`). */
  readonly tillDir: string;
}

const BUNDLE_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

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
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              id: Type.String(),
              version: Type.String(),
              displayName: Type.String(),
              entry: Type.String(),
              settings: Type.Record(Type.String(), Type.Unknown()),
            }),
          ),
        }),
      },
    },
    handler: async (request) => ({ items: await tillPluginsOf(deps.host, requireTenantActor(request).actor.tenantId) }),
  });

  // Plugin code is not tenant data: served without a token (a module script cannot send one), and
  // only from the till folder of a plugin version installed on this kernel.
  app.get(`${TILL_PLUGIN_PREFIX}/:id/:version/*`, {
    schema: { hide: true },
    handler: async (request, reply) => {
      const { id, version, '*': file } = request.params as { id: string; version: string; '*': string };
      const pkg = deps.catalog.get(id, version);
      const dir = pkg && tillBundleDir(pkg);
      const type = BUNDLE_TYPES[extname(file)];
      const notFound = () =>
        sendProblem(reply, problem(404, 'till.bundle_not_found', `No till file ${file} in ${id}@${version} on this kernel.`));
      if (!dir || !type || !existsSync(dir)) return notFound();
      const root = await realpath(dir);
      const path = await realpath(join(root, file)).catch(() => undefined);
      if (!path || !path.startsWith(root + sep)) return notFound();
      return reply
        .type(type)
        .header('cache-control', 'no-cache')
        .send(await readFile(path));
    },
  });

  if (!existsSync(join(deps.tillDir, 'index.html'))) {
    app.get('/till*', (_request, reply) =>
      sendProblem(reply, problem(503, 'till.not_built', `The till app is not built (${deps.tillDir}); run npm run build and restart.`)),
    );
    return;
  }
  await app.register(fastifyStatic, { root: deps.tillDir, prefix: '/till/', decorateReply: true, wildcard: false });
  app.get('/till/*', (_request, reply) => reply.sendFile('index.html'));
}
