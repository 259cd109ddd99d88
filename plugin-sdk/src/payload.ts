import type { Static, TSchema } from 'typebox';
import { Compile } from 'typebox/compile';
import { badRequest } from './errors.ts';

const compiled = new WeakMap<TSchema, ReturnType<typeof Compile>>();

/**
 * Checks a value that did not come through a route's schema (a till event's payload, say)
 * against a TypeBox schema; throws a 400 `code` naming each wrong field.
 */
export function checkPayload<S extends TSchema>(schema: S, value: unknown, code: string, what: string): Static<S> {
  let validator = compiled.get(schema);
  if (!validator) {
    validator = Compile(schema);
    compiled.set(schema, validator);
  }
  if (validator.Check(value)) return value as Static<S>;
  const errors = [...validator.Errors(value)]
    .filter((e) => e.message !== 'schema is false')
    .slice(0, 10)
    .map((e) => ({ field: e.instancePath || '/', message: e.message }));
  throw badRequest(code, `${what} is malformed: ${errors.map((e) => `${e.field} ${e.message}`).join('; ')}.`, { errors });
}
