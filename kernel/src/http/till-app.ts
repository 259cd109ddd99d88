import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem.ts';

/**
 * Serves the built till app at /till (a single-page app: unknown paths under /till get its
 * index.html). Without a build, /till answers 503 saying how to build it.
 */
export async function installTillApp(app: FastifyInstance, tillDir: string): Promise<void> {
  if (!existsSync(join(tillDir, 'index.html'))) {
    app.get('/till*', (_request, reply) =>
      sendProblem(reply, problem(503, 'till.not_built', `The till app is not built (${tillDir}); run npm run build and restart.`)),
    );
    return;
  }
  await app.register(fastifyStatic, { root: tillDir, prefix: '/till/', decorateReply: true, wildcard: false });
  app.get('/till/*', (_request, reply) => reply.sendFile('index.html'));
}
