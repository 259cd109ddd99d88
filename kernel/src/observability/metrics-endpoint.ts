import type { FastifyInstance } from 'fastify';
import type { KernelMetrics } from './metrics.ts';

/** Times every response into the latency histogram and serves the registry at `GET /metrics`. */
export function installMetrics(app: FastifyInstance, metrics: KernelMetrics): void {
  // One histogram child per (method, route, status), so an observation skips label hashing.
  const children = new Map<string, { observe(value: number): void }>();
  app.addHook('onResponse', (request, reply, done) => {
    // The plugin dispatcher sets the plugin's own route pattern; kernel routes use Fastify's.
    const route = (request as { kitsRoute?: string }).kitsRoute ?? request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let child = children.get(key);
    if (!child) {
      child = metrics.requestDuration.labels({ method: request.method, route, status: String(reply.statusCode) });
      if (children.size < 10_000) children.set(key, child);
    }
    child.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
