import { DomainError } from '@kits/plugin-sdk';
import type { FastifyInstance } from 'fastify';

/** How deeply a JSON body may nest; the deepest body of any route (a sync batch) is under 10. */
export const MAX_JSON_DEPTH = 64;

/**
 * Walks a parsed JSON value without recursion (it may be very deep): returns its nesting depth
 * (stopping past MAX_JSON_DEPTH), and makes every string well-formed on the way — a lone surrogate
 * (half an emoji, cut by a client truncating text) becomes U+FFFD, as UTF-8 encoding makes it in a
 * text column anyway, so jsonb (which refuses it) and text columns store the same thing.
 */
export function checkJsonValue(value: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[value, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    const container = node as Record<string, unknown>;
    for (const key of Array.isArray(node) ? node.keys() : Object.keys(container)) {
      const child = container[key];
      if (typeof child === 'string') {
        if (!child.isWellFormed()) container[key] = child.toWellFormed();
      } else if (child !== null && typeof child === 'object') pending.push([child, depth + 1]);
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
      if (typeof value === 'string') value = value.toWellFormed();
      if (checkJsonValue(value) > MAX_JSON_DEPTH)
        return done(new DomainError('request.too_deep', 400, `The body nests deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
      done(null, value);
    });
  });
}
