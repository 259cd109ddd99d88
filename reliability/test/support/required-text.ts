import fc from 'fast-check';
import type { JsonSchema, Operation } from './hostile-requests.ts';
import { validValue } from './hostile-requests.ts';
import type { ObjectIds } from './shop.ts';

/** One required string property of a body schema, by its path (`variants.0.sku`, array items at index 0). */
export interface RequiredText {
  readonly path: ReadonlyArray<string | number>;
  readonly schema: JsonSchema;
}

/** The schema when it is a string, or a string or null (a nullable string); undefined otherwise. */
function stringSchema(schema: JsonSchema): JsonSchema | undefined {
  if (schema.type === 'string') return schema;
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (!alternatives) return undefined;
  const strings = alternatives.filter((alternative) => alternative.type === 'string');
  const rest = alternatives.filter((alternative) => alternative.type !== 'string' && alternative.type !== 'null');
  return strings.length === 1 && rest.length === 0 ? strings[0] : undefined;
}

/**
 * Every required string property of `schema`, through nested objects (required or not: a field
 * required inside an optional object must be valid whenever the object is sent) and array items.
 * Unions of objects (a discount that is a percentage or an amount) are not walked into.
 */
export function requiredTexts(schema: JsonSchema, path: ReadonlyArray<string | number> = []): RequiredText[] {
  if (schema.type === 'array' && schema.items) return requiredTexts(schema.items, [...path, 0]);
  if (schema.type !== 'object' || !schema.properties) return [];
  const found: RequiredText[] = [];
  for (const [name, property] of Object.entries(schema.properties)) {
    const text = stringSchema(property);
    if (text && schema.required?.includes(name)) found.push({ path: [...path, name], schema: text });
    else found.push(...requiredTexts(property, [...path, name]));
  }
  return found;
}

/** A body valid by the operation's schema (real ids where a field names an object), from a fixed seed. */
export function validBody(operation: Operation, ids: ObjectIds, seed: number): unknown {
  return fc.sample(validValue(operation.body!, 'body', ids), { seed, numRuns: 1 })[0];
}

/** A value `schema` takes (the generator's), to put a control character into. */
export function validText(schema: JsonSchema, name: string, ids: ObjectIds, seed: number): string {
  return String(fc.sample(validValue(schema, name, ids), { seed, numRuns: 1 })[0]);
}

/**
 * `body` with the value at `path` set, every container on the way made when the generated body
 * lacks it: an optional object left out, an array generated empty.
 */
export function withText(body: unknown, schema: JsonSchema, path: ReadonlyArray<string | number>, value: unknown, ids: ObjectIds): unknown {
  const root = structuredClone(body ?? {}) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = root;
  let nodeSchema: JsonSchema = schema;
  for (const [index, key] of path.entries()) {
    const childSchema = typeof key === 'number' ? nodeSchema.items! : nodeSchema.properties![key]!;
    if (index === path.length - 1) {
      node[key] = value;
      break;
    }
    if (node[key] === undefined || node[key] === null || typeof node[key] !== 'object') {
      node[key] = fc.sample(validValue(childSchema.type ? childSchema : { ...childSchema, type: 'object' }, String(key), ids), {
        seed: 7,
        numRuns: 1,
      })[0];
      if (Array.isArray(node[key]) && (node[key] as unknown[]).length === 0)
        (node[key] as unknown[]).push(fc.sample(validValue(childSchema.items!, String(key), ids), { seed: 7, numRuns: 1 })[0]);
    }
    node = node[key] as Record<string | number, unknown>;
    nodeSchema = childSchema;
  }
  return root;
}

/** The bad values every required text must refuse, given a valid one to spoil. */
export function spoiledTexts(schema: JsonSchema, valid: string): Array<{ what: string; value: unknown }> {
  const max = schema.maxLength;
  const fitting = max !== undefined && valid.length >= max ? valid.slice(0, Math.max(1, max - 1)) : valid;
  const middle = Math.min(1, fitting.length);
  return [
    { what: 'empty', value: '' },
    { what: 'three spaces', value: '   ' },
    { what: 'tab and newline only', value: '\t\n' },
    { what: max !== undefined ? `maxLength + 1 (${max + 1})` : '10,001 characters (no maxLength)', value: 'a'.repeat((max ?? 10_000) + 1) },
    { what: 'a NUL inside', value: `${fitting.slice(0, middle)}\u0000${fitting.slice(middle)}` },
    { what: 'a bell at the end', value: `${fitting}\u0007` },
    { what: 'a number', value: 42 },
  ];
}
