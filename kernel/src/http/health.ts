import type { FastifyInstance } from 'fastify';
import { problem, sendProblem } from './problem.ts';

export interface ReadinessCheck {
  readonly name: string;
  /**
   * False for a service the kernel can serve without, in a degraded way (Redis: coordination falls
   * back to the database and this process; RabbitMQ: events wait in the outbox). Its failure makes
   * the kernel `degraded`, still ready. True (the default) for one it cannot (the database).
   */
  readonly required?: boolean;
  check(): Promise<void>;
}

/**
 * `/healthz`: the process answers. `/readyz`: 200 `ready`, or 200 `degraded` naming the optional
 * services that are away; 503 with Retry-After when a required one (the database) does not answer.
 */
export function installHealth(app: FastifyInstance, checks: readonly ReadinessCheck[]): void {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    const results = await Promise.all(
      checks.map(async ({ name, check, required = true }) => {
        try {
          await Promise.race([
            check(),
            new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 2 s')), 2000).unref()),
          ]);
          return { name, ok: true as const };
        } catch (error) {
          return { name, ok: false as const, required, error: (error as Error).message };
        }
      }),
    );
    const failing = results.filter((result) => !result.ok);
    if (failing.some((result) => result.required)) {
      reply.header('retry-after', '5');
      return sendProblem(
        reply,
        problem(503, 'kernel.not_ready', `Not ready: ${failing.map((f) => `${f.name} (${f.error})`).join(', ')}. Retry shortly.`, {
          checks: results,
        }),
      );
    }
    return { status: failing.length > 0 ? 'degraded' : 'ready', checks: results };
  });
}
