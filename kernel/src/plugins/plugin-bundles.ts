import { existsSync } from 'node:fs';
import { readFile, realpath } from 'node:fs/promises';
import { extname, join, posix, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { problem, sendProblem } from '../http/problem.ts';
import type { PluginCatalog, PluginPackage } from './discovery.ts';

/** The browser apps whose plugins bring bundles: the till and the back office. */
export type BundleSide = 'till' | 'office';

const BUNDLE_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The answer of `GET /api/v1/<side>/plugins`: the bundles a signed-in till or office loads. */
export const BundleListing = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      version: Type.String(),
      displayName: Type.String(),
      entry: Type.String({ description: 'URL of the ES module whose default export activates the plugin' }),
      settings: Type.Record(Type.String(), Type.Unknown()),
    }),
  ),
});

/** Where a side's plugin bundles are served: one folder per plugin version, so a URL never changes meaning. */
export const bundlePrefix = (side: BundleSide): string => `/${side}/plugins`;

/** The folder of a plugin version's bundle for a side (the folder of its manifest's `till` / `office` entry). */
export function bundleDir(pkg: PluginPackage, side: BundleSide): string | undefined {
  const entry = pkg.manifest[side];
  return entry ? posix.join(pkg.dir, posix.dirname(entry)) : undefined;
}

/** The URL of a plugin version's entry module for a side. */
export function bundleEntryUrl(pkg: PluginPackage, side: BundleSide): string | undefined {
  const entry = pkg.manifest[side];
  return entry ? `${bundlePrefix(side)}/${pkg.id}/${pkg.version}/${posix.basename(entry)}` : undefined;
}

/**
 * Serves the bundles of a side at `/<side>/plugins/<id>/<version>/…`. Plugin code is not tenant
 * data: served without a token (a module script cannot send one), and only from the bundle folder
 * of a plugin version installed on this kernel (no path leaves it).
 */
export function servePluginBundles(app: FastifyInstance, side: BundleSide, catalog: PluginCatalog): void {
  app.get(`${bundlePrefix(side)}/:id/:version/*`, {
    schema: { hide: true },
    handler: async (request, reply) => {
      const { id, version, '*': file } = request.params as { id: string; version: string; '*': string };
      const pkg = catalog.get(id, version);
      const dir = pkg && bundleDir(pkg, side);
      const type = BUNDLE_TYPES[extname(file)];
      const notFound = () =>
        sendProblem(reply, problem(404, `${side}.bundle_not_found`, `No ${side} file ${file} in ${id}@${version} on this kernel.`));
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
}

/**
 * A built single-page app at `/<side>/` (unknown paths get its index.html), or a 503 that says how
 * to build it. Fastify's static plugin is registered in its own encapsulated scope per app.
 */
export async function serveHostApp(app: FastifyInstance, side: BundleSide, dir: string): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get(`/${side}*`, (_request, reply) =>
      sendProblem(reply, problem(503, `${side}.not_built`, `The ${side} app is not built (${dir}); run npm run build and restart.`)),
    );
    return;
  }
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root: dir, prefix: `/${side}/`, decorateReply: true, wildcard: false });
    scope.get(`/${side}/*`, (_request, reply) => reply.sendFile('index.html'));
  });
}
