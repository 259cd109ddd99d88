import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem.ts';

export interface ReadinessCheck {
  readonly name: string;
  check(): Promise<void>;
}

/** `/healthz`: the process answers. `/readyz`: the database (and Redis, RabbitMQ when configured) answer too. */
export function installHealth(app: FastifyInstance, checks: readonly ReadinessCheck[]): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const results = await Promise.all(
      checks.map(async ({ name, check }) => {
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
          ]);
          return { name, ok: true as const };
        } catch (error) {
          return { name, ok: false as const, error: (error as Error).message };
        }
      }),
    );
    const failing = results.filter((result) => !result.ok);
    if (failing.length > 0) {
      reply.header('retry-after', '5');
      return sendProblem(
        reply,
        problem(
          503,
          'kernel.not_ready',
          `Not ready: ${failing.map((f) => `${f.name} (${'error' in f ? f.error : ''})`).join(', ')}. Retry shortly.`,
          { checks: results },
        ),
      );
    }
    return { status: 'ready', checks: results };
  });
}
