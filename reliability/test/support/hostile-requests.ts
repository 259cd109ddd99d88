import fc from 'fast-check';
import type { ObjectIds } from './shop.ts';

/** The subset of JSON Schema the kernel's and plugins' TypeBox schemas use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly format?: string;
  readonly pattern?: string;
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
}

export interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query';
  readonly required: boolean;
  readonly schema: JsonSchema;
}

/** One operation of the OpenAPI document. */
export interface Operation {
  readonly method: string;
  /** `/api/v1/core-sales/sales/{saleId}` */
  readonly path: string;
  readonly parameters: readonly Parameter[];
  readonly body?: JsonSchema;
}

export interface HostileRequest {
  /** What was done to the request, e.g. `body.lines.0.quantity: wrong type`. */
  readonly mutation: string;
  readonly method: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
}

interface OpenApiDocument {
  readonly paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
}

/** Every operation of the document, in document order. */
export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      ...(operation.requestBody ? { body: operation.requestBody.content['application/json']!.schema } : {}),
    })),
  );
}

// --- hostile values ---------------------------------------------------------------------------

/** Strings that have broken software before: unicode edge cases, injections, paths, numbers. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'nul\u0000inside',
  '\ud800',
  'lone low \udfff surrogate',
  'half an emoji \ud83d',
  '\u202eright-to-left override',
  '\u200f\u200e\u061c marks',
  '\ufeffbom',
  '😀🧾💶',
  '👩‍👩‍👧‍👦',
  'Z̴̧̛̖̩͓͂̓a̵̢͈͉̋l̷̨̦̓g̶̢͚̈́o̴̼̊',
  '\u2028\u2029\u0085',
  '\u00a0\u2007\u202f',
  'ＡＢＣ１２３',
  'ǅǈǋ İı ß ﬀ',
  '\x1b[31mred\x1b[0m',
  "' OR '1'='1",
  "'; DROP TABLE inventory.products; --",
  '1); select pg_sleep(30); --',
  "' union select password_hash from kernel.users --",
  '$1',
  '$$ $body$',
  '\\',
  '\\x00',
  "E'\\\\x00'",
  '%',
  '_%_',
  '{"$ne": null}',
  '","admin":true,"x":"',
  '__proto__',
  'constructor',
  '{"__proto__":{"admin":true}}',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '%00',
  '?#&=;',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '0x7fffffff',
  '99999999999999999999999999',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30T25:61:61Z',
  'a'.repeat(5_000),
  'a'.repeat(100_000),
  '😀'.repeat(50_000),
  `${'a'.repeat(30_000)}!`,
];

const hostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  );

/** A value of another JSON type than expected (or an awkward one of the same type). */
const wrongTypeValue = (): fc.Arbitrary<unknown> =>
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1.5,
    -0.0001,
    1e308,
    -1e308,
    2 ** 53 + 1,
    -(2 ** 63),
    '',
    'text',
    '42',
    [],
    [null],
    [[[]]],
    {},
    { $ne: null },
    { '': '' },
  );

const HOSTILE_KEYS = ['__proto__', 'constructor', 'prototype', '', 'tenantId', 'tenant_id', '$where', 'id', 'admin', '\u0000', '😀'];

// --- valid values from a schema ----------------------------------------------------------------

const uuidOf = (name: string, ids: ObjectIds): fc.Arbitrary<string> => {
  const known = ids[name];
  return known && known.length > 0
    ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: fc.uuid({ version: 7 }) })
    : fc.uuid({ version: 7 });
};

/** A value the schema accepts; `uuid` fields named like a known object (variantId, …) prefer real ids. */
export function validValue(schema: JsonSchema, name: string, ids: ObjectIds, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return fc.oneof(...alternatives.map((alternative) => validValue(alternative, name, ids, depth)));
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((type) => validValue({ ...schema, type }, name, ids, depth)));
  switch (types[0]) {
    case 'object': {
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) model[key] = validValue(property, key, ids, depth + 1);
      return fc.record(model, { requiredKeys: [...(schema.required ?? [])] });
    }
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? minLength + 3, minLength + 3);
      return fc.array(validValue(schema.items ?? {}, name, ids, depth + 1), { minLength, maxLength });
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 31)), max: Math.min(schema.maximum ?? 1000, 2 ** 31 - 1) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1000, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'string':
      return validString(schema, name, ids);
    default:
      // No type: any JSON (a sync event's payload, say), hostile strings included.
      return depth > 2 ? fc.constant(null) : fc.jsonValue({ maxDepth: 2 });
  }
}

function validString(schema: JsonSchema, name: string, ids: ObjectIds): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 40;
  switch (schema.format) {
    case 'uuid':
      return uuidOf(name, ids);
    case 'email':
      return fc.emailAddress().filter((email) => email.length <= maxLength);
    case 'date-time':
      return fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'date':
      return fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    case 'iso4217':
      // A currency the shop takes: the test tenant's (ISO 4217 is checked; so is the tenant's currency).
      return fc.constantFrom(...(ids.currency ?? ['EUR']));
    default:
      break;
  }
  if (schema.pattern) {
    return fc.stringMatching(new RegExp(schema.pattern)).filter((text) => text.length >= minLength && text.length <= maxLength);
  }
  // Free text: plain words, or a hostile string that fits the length (stored as given, never run).
  return fc.oneof(
    { weight: 2, arbitrary: fc.string({ minLength, maxLength: Math.min(maxLength, minLength + 20) }) },
    { weight: 1, arbitrary: fc.constantFrom(...HOSTILE_STRINGS).filter((text) => text.length >= minLength && text.length <= maxLength) },
  );
}

// --- mutations ---------------------------------------------------------------------------------

type Path = ReadonlyArray<string | number>;

function nodesOf(value: unknown, path: Path = []): Path[] {
  const here: Path[] = [path];
  if (Array.isArray(value)) return here.concat(value.flatMap((item, index) => nodesOf(item, [...path, index])));
  if (value !== null && typeof value === 'object')
    return here.concat(Object.entries(value).flatMap(([key, item]) => nodesOf(item, [...path, key])));
  return here;
}

function valueAt(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], root);
}

/** A copy of `root` with the node at `path` replaced (`undefined` deletes it). */
function withValueAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<string | number, unknown>;
  const parent = valueAt(copy, path.slice(0, -1)) as Record<string | number, unknown> | unknown[];
  const key = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(Number(key), 1);
    else delete (parent as Record<string | number, unknown>)[key];
  } else (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

const pathName = (path: Path) => ['body', ...path].join('.');

export type BodyMutation = { readonly kind: string; readonly pick: number; readonly value: unknown; readonly key: string };

export const bodyMutation = (): fc.Arbitrary<BodyMutation> =>
  fc.record({
    kind: fc.constantFrom('wrong type', 'hostile string', 'missing field', 'extra field', 'huge array', 'valid'),
    pick: fc.nat(),
    value: fc.oneof(wrongTypeValue(), hostileString()),
    key: fc.constantFrom(...HOSTILE_KEYS),
  });

/** Applies a mutation to a valid body; returns the JSON text and what was done. */
export function mutateBody(valid: unknown, mutation: BodyMutation): { text: string; what: string } {
  const nodes = nodesOf(valid);
  const path = nodes[mutation.pick % nodes.length]!;
  const at = valueAt(valid, path);
  switch (mutation.kind) {
    case 'wrong type':
      return { text: JSON.stringify(withValueAt(valid, path, mutation.value)), what: `${pathName(path)}: ${mutation.kind}` };
    case 'hostile string':
      return { text: JSON.stringify(withValueAt(valid, path, pickString(mutation))), what: `${pathName(path)}: ${mutation.kind}` };
    case 'missing field': {
      const objects = nodes.filter((node) => {
        const value = valueAt(valid, node);
        return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length > 0;
      });
      if (objects.length === 0) return { text: '', what: 'body: empty' };
      const objectPath = objects[mutation.pick % objects.length]!;
      const keys = Object.keys(valueAt(valid, objectPath) as object);
      const key = keys[mutation.pick % keys.length]!;
      return {
        text: JSON.stringify(withValueAt(valid, [...objectPath, key], undefined)),
        what: `${pathName([...objectPath, key])}: missing`,
      };
    }
    case 'extra field': {
      const objects = nodes.filter((node) => {
        const value = valueAt(valid, node);
        return value !== null && typeof value === 'object' && !Array.isArray(value);
      });
      const objectPath = objects.length > 0 ? objects[mutation.pick % objects.length]! : [];
      // Spliced as text so a "__proto__" key reaches the server as written.
      const target = objects.length > 0 ? (valueAt(valid, objectPath) as Record<string, unknown>) : {};
      const extra = `${JSON.stringify(mutation.key)}:${JSON.stringify(mutation.value) ?? 'null'}`;
      const inner = JSON.stringify(target).slice(1, -1);
      const replaced = `{${inner}${inner ? ',' : ''}${extra}}`;
      const marker = '"\u0001kits-marker\u0001"';
      const text = JSON.stringify(withValueAt(valid, objectPath, '\u0001kits-marker\u0001')).replace(marker, replaced);
      return { text, what: `${pathName([...objectPath, mutation.key])}: extra field` };
    }
    case 'huge array': {
      const item = Array.isArray(at) ? (at[0] ?? 0) : at;
      const huge = Array.from({ length: 10_000 }, () => item);
      return { text: JSON.stringify(withValueAt(valid, path, huge)), what: `${pathName(path)}: array of 10,000` };
    }
    default:
      return { text: JSON.stringify(valid), what: 'valid by the schema' };
  }
}

function pickString(mutation: BodyMutation): string {
  return typeof mutation.value === 'string' ? mutation.value : HOSTILE_STRINGS[mutation.pick % HOSTILE_STRINGS.length]!;
}

/** Bodies that are not JSON a parser should accept: truncated, invalid or overlong UTF-8, too deep. */
export const RAW_BODIES: ReadonlyArray<{ readonly what: string; readonly bytes: Buffer }> = [
  { what: 'truncated JSON', bytes: Buffer.from('{"lines": [{"variantId": ') },
  { what: 'a bare string', bytes: Buffer.from('"just a string"') },
  { what: 'a bare number', bytes: Buffer.from('12345678901234567890') },
  { what: 'null', bytes: Buffer.from('null') },
  { what: 'an array', bytes: Buffer.from('[1, 2, 3]') },
  {
    what: 'overlong UTF-8 ("/" as C0 AF)',
    bytes: Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d]),
  },
  { what: 'invalid UTF-8 (FF FE)', bytes: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]) },
  { what: 'a raw NUL byte in a string', bytes: Buffer.from('{"name":"a\u0000b"}') },
  { what: 'a byte-order mark', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')]) },
  { what: 'duplicate keys', bytes: Buffer.from('{"name":"a","name":{"$ne":null}}') },
  { what: '__proto__ pollution', bytes: Buffer.from('{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}') },
  { what: 'nesting 100,000 deep', bytes: Buffer.from(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) },
  { what: 'objects nested 20,000 deep', bytes: Buffer.from(`${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`) },
  { what: 'a number with 100,000 digits', bytes: Buffer.from(`{"n":${'9'.repeat(100_000)}}`) },
  { what: 'comments and trailing commas', bytes: Buffer.from('{"a": 1, /* x */ "b": 2,}') },
];

// --- whole requests ----------------------------------------------------------------------------

/**
 * Percent-encodes every byte but the unreserved ones. Lone surrogates are written as the bytes
 * UTF-8 would give them (ED A0 80 for U+D800: invalid UTF-8), as a hostile client could send.
 */
function encode(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (/[A-Za-z0-9\-_.~]/.test(char)) {
      out += char;
      continue;
    }
    const bytes =
      code < 0x80
        ? [code]
        : code < 0x800
          ? [0xc0 | (code >> 6), 0x80 | (code & 0x3f)]
          : code < 0x10000
            ? [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)]
            : [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
    out += bytes.map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  }
  return out;
}

/**
 * Malformed and hostile requests for one operation: a request valid by the schema (ids of real
 * objects where the field names one) with one thing broken — a body node of the wrong type,
 * missing, extra, hostile or huge; a hostile path or query parameter; a body that is not JSON or
 * has the wrong media type; or nothing broken at all.
 */
export function hostileRequests(operation: Operation, ids: ObjectIds, token: string, only?: 'valid'): fc.Arbitrary<HostileRequest> {
  const pathParams = operation.parameters.filter((p) => p.in === 'path');
  const queryParams = operation.parameters.filter((p) => p.in === 'query');
  const validParams = fc.record(Object.fromEntries(operation.parameters.map((p) => [p.name, validValue(p.schema, p.name, ids)])), {
    requiredKeys: operation.parameters.filter((p) => p.required).map((p) => p.name),
  }) as fc.Arbitrary<Record<string, unknown>>;
  const validBody = operation.body ? validValue(operation.body, 'body', ids) : fc.constant(undefined);
  const kinds = only
    ? [only]
    : [
        ...(operation.body ? ['body', 'body', 'body', 'body', 'raw body', 'media type'] : []),
        ...(pathParams.length > 0 ? ['path parameter', 'path parameter'] : []),
        ...(queryParams.length > 0 ? ['query parameter', 'query parameter'] : []),
        'unknown query parameter',
        'valid',
      ];

  return fc
    .record({
      kind: fc.constantFrom(...kinds),
      params: validParams,
      body: validBody,
      bodyMutation: bodyMutation(),
      raw: fc.constantFrom(...RAW_BODIES),
      hostile: fc.oneof(hostileString(), wrongTypeValue()),
      pick: fc.nat(),
      idempotencyKey: fc.option(fc.oneof(fc.uuid(), hostileString()), { freq: 4 }),
    })
    .map(({ kind, params, body, bodyMutation: mutation, raw, hostile, pick, idempotencyKey }) => {
      let mutationText = kind;
      const path = { ...params };
      const query: Array<[string, string]> = queryParams
        .filter((p) => params[p.name] !== undefined)
        .map((p) => [p.name, String(params[p.name])]);
      if (kind === 'path parameter') {
        const param = pathParams[pick % pathParams.length]!;
        path[param.name] = hostile;
        mutationText = `path ${param.name}: hostile`;
      } else if (kind === 'query parameter') {
        const param = queryParams[pick % queryParams.length]!;
        const value = typeof hostile === 'string' ? hostile : JSON.stringify(hostile);
        const index = query.findIndex(([name]) => name === param.name);
        if (index >= 0 && pick % 3 === 0) query.push([param.name, value]);
        else if (index >= 0) query[index] = [param.name, value];
        else query.push([param.name, value]);
        mutationText = `query ${param.name}: hostile`;
      } else if (kind === 'unknown query parameter') {
        query.push([HOSTILE_KEYS[pick % HOSTILE_KEYS.length]!, typeof hostile === 'string' ? hostile : JSON.stringify(hostile)]);
        mutationText = 'unknown query parameter';
      }
      const url =
        operation.path.replace(/\{([^}]+)\}/g, (_whole, name: string) => (name === '*' ? 'index.html' : encode(path[name] ?? ''))) +
        (query.length > 0 ? `?${query.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&')}` : '');
      const headers: Record<string, string> = { authorization: `Bearer ${token}` };
      if (
        idempotencyKey !== null &&
        operation.method !== 'GET' &&
        [...idempotencyKey].every((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) < 0x7f)
      )
        headers['idempotency-key'] = idempotencyKey;
      let bytes: Buffer | undefined;
      if (operation.body) {
        headers['content-type'] = 'application/json';
        if (kind === 'body') {
          const mutated = mutateBody(body, mutation);
          bytes = Buffer.from(mutated.text);
          mutationText = mutated.what;
        } else if (kind === 'raw body') {
          bytes = raw.bytes;
          mutationText = `raw body: ${raw.what}`;
        } else if (kind === 'media type') {
          headers['content-type'] = [
            'text/plain',
            'application/x-www-form-urlencoded',
            'application/xml',
            'multipart/form-data; boundary=x',
          ][pick % 4]!;
          bytes = Buffer.from(JSON.stringify(body));
          mutationText = `content-type ${headers['content-type']}`;
        } else bytes = Buffer.from(JSON.stringify(body));
      }
      return { mutation: mutationText, method: operation.method, url, headers, ...(bytes ? { body: bytes } : {}) };
    });
}

/** A JSON body of `bytes` bytes (10 MB by default): ten times the kernel's body limit. */
export function hugeBody(bytes = 10 * 1024 * 1024): Buffer {
  return Buffer.from(JSON.stringify({ name: 'x'.repeat(bytes - 12) }));
}

/** The request as a person can read and resend it (long bodies cut). */
export function describeRequest(request: HostileRequest): string {
  const body = request.body ? request.body.toString('utf8') : '';
  const shown = body.length > 600 ? `${body.slice(0, 600)}… (${request.body!.length} bytes)` : body;
  const headers = Object.entries(request.headers)
    .filter(([name]) => name !== 'authorization')
    .map(([name, value]) => `${name}: ${value}`)
    .join('; ');
  return `${request.method} ${request.url.length > 300 ? `${request.url.slice(0, 300)}…` : request.url} [${headers}] ${JSON.stringify(shown)}`;
}
