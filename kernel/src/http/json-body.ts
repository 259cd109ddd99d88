import { DomainError } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';

/** How deeply a JSON body may nest; the deepest body of any route (a sync batch) is under 10. */
export const MAX_JSON_DEPTH = 64;

/** Nesting depth of a parsed JSON value, counted without recursion (the value may be very deep). */
export function jsonDepth(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
    }
  }
  return deepest;
}

/**
 * Fastify's own JSON parser (prototype-poisoning keys refused), plus a nesting limit: a body
 * nested thousands deep parses, then overflows the stack of whatever walks it recursively later
 * (JSON.stringify for the idempotency hash, PostgreSQL's jsonb input) — a 500 instead of a 400.
 */
export function installJsonBodyParser(app: FastifyInstance): void {
  const parse = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    parse(request, body as string, (error, value) => {
      if (error) return done(error, undefined);
      if (jsonDepth(value) > MAX_JSON_DEPTH)
        return done(new DomainError('request.too_deep', 400, `The body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      done(null, value);
    });
  });
}
