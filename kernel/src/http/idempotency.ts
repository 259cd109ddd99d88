import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IdempotencyStore } from '../coordination/coordination.ts';
import { problem, sendProblem } from './problem.ts';

const KEY = /^[\x21-\x7e]{1,255}$/;
const NIL_TENANT = '00000000-0000-0000-0000-000000000000';
const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface IdempotencyState {
  readonly tenantId: string;
  readonly scope: string;
  readonly key: string;
}

const STATE = Symbol('kits.idempotency');
type WithState = FastifyRequest & { [STATE]?: IdempotencyState };

function principalOf(request: FastifyRequest): { tenantId: string; id: string } {
  const principal = request.principal;
  if (!principal) return { tenantId: NIL_TENANT, id: 'anonymous' };
  if ('actor' in principal) return { tenantId: principal.actor.tenantId, id: `${principal.actor.kind}:${principal.actor.id}` };
  if (principal.kind === 'device') return { tenantId: principal.tenantId, id: `device:${principal.deviceId}` };
  return { tenantId: NIL_TENANT, id: `operator:${principal.operatorId}` };
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(request.method)
    .update('\n')
    .update(request.url)
    .update('\n')
    .update(JSON.stringify(request.body ?? null))
    .digest('hex');
}

/**
 * `Idempotency-Key` on every mutating route: the same key and body answer with the first
 * response without running again; the same key with another body is 409. Runs after validation,
 * so a request rejected as invalid claims no key.
 */
export function installIdempotency(app: FastifyInstance, store: IdempotencyStore, options: { ttlSeconds?: number } = {}): void {
  const ttlSeconds = options.ttlSeconds ?? 24 * 3600;

  // Attached only to routes that accept a mutating method, so reads pay nothing; callback style
  // so a request without a key pays no promise either.
  const preHandler = (request: WithState, reply: FastifyReply, done: (error?: Error) => void) => {
    if (!MUTATING.has(request.method) || request.headers['idempotency-key'] === undefined) return done();
    // When claimKey answered (replay, conflict), the reply is sent and the chain must stop there.
    claimKey(request, reply).then(() => {
      if (!reply.sent) done();
    }, done);
  };

  async function claimKey(request: WithState, reply: FastifyReply): Promise<unknown> {
    const header = request.headers['idempotency-key']!;
    const key = Array.isArray(header) ? header[0] : header;
    if (key === undefined || !KEY.test(key)) {
      return sendProblem(
        reply,
        problem(
          400,
          'idempotency.invalid_key',
          'The Idempotency-Key header must be 1–255 visible ASCII characters (a UUID is a good choice).',
        ),
      );
    }
    const { tenantId, id } = principalOf(request);
    const scope = `${request.method} ${request.routeOptions.url ?? request.url} ${id}`;
    const hash = requestHash(request);
    const claim = await store.claim(tenantId, scope, key, hash, ttlSeconds);
    switch (claim.state) {
      case 'new':
        request[STATE] = { tenantId, scope, key };
        return;
      case 'mismatch':
        return sendProblem(
          reply,
          problem(
            409,
            'idempotency.key_reused',
            'This Idempotency-Key was already used for a different request; use a new key for a new request.',
          ),
        );
      case 'in-progress':
        reply.header('retry-after', '1');
        return sendProblem(
          reply,
          problem(
            409,
            'idempotency.in_progress',
            'A request with this Idempotency-Key is still being processed; retry in a moment to get its answer.',
          ),
        );
      case 'done':
        reply.headers({ ...claim.response.headers, 'idempotent-replayed': 'true' });
        return reply.code(claim.response.statusCode).send(claim.response.body);
    }
  }

  const onSend = (request: WithState, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload?: unknown) => void) => {
    const state = request[STATE];
    if (!state) return done(null, payload);
    request[STATE] = undefined;
    storeAnswer(state, reply, payload).then(
      () => done(null, payload),
      (error: Error) => done(error),
    );
  };

  async function storeAnswer(state: IdempotencyState, reply: FastifyReply, payload: unknown): Promise<void> {
    if (reply.statusCode >= 500) {
      await store.release(state.tenantId, state.scope, state.key);
      return;
    }
    const contentType = reply.getHeader('content-type');
    await store.complete(state.tenantId, state.scope, state.key, {
      statusCode: reply.statusCode,
      headers: contentType ? { 'content-type': String(contentType) } : {},
      body:
        typeof payload === 'string'
          ? payload
          : payload === null || payload === undefined
            ? ''
            : Buffer.isBuffer(payload)
              ? payload.toString('utf8')
              : String(payload),
    });
  }

  // A request that fails before it answers (connection dropped) must not hold its key forever.
  const onResponse = (request: WithState, _reply: FastifyReply, done: (error?: Error) => void) => {
    const state = request[STATE];
    if (!state) return done();
    store.release(state.tenantId, state.scope, state.key).then(() => done(), done);
  };

  const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);
  app.addHook('onRoute', (route) => {
    const methods = asArray(route.method).map((method) => String(method).toUpperCase());
    if (!methods.some((method) => MUTATING.has(method))) return;
    route.preHandler = [...asArray(route.preHandler), preHandler as never];
    route.onSend = [...asArray(route.onSend), onSend as never];
    route.onResponse = [...asArray(route.onResponse), onResponse as never];
  });
}
