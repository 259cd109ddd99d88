/** The part of JSON Schema a settings form is drawn from. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly format?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly 'x-kits-secret'?: boolean;
  readonly [keyword: string]: unknown;
}

export type SchemaFieldKind = 'boolean' | 'enum' | 'integer' | 'number' | 'string' | 'currency' | 'secret' | 'object' | 'list' | 'json';

/** One field of a form drawn from a schema: where its value lives (`path`), what control it gets, its children when a group. */
export interface SchemaField {
  readonly path: string;
  readonly name: string;
  readonly label: string;
  readonly schema: JsonSchema;
  readonly required: boolean;
  readonly kind: SchemaFieldKind;
  /** For a list: the kind of each item (a primitive). */
  readonly itemKind?: SchemaFieldKind;
  readonly children: readonly SchemaField[];
}

const typeOf = (schema: JsonSchema): string | undefined =>
  Array.isArray(schema.type) ? (schema.type as readonly string[]).find((type) => type !== 'null') : (schema.type as string | undefined);

/** The control a property gets: a secret, a choice, a switch, a number box, a text box, a group, a list, or JSON text for the rest. */
export function kindOf(schema: JsonSchema): SchemaFieldKind {
  if (schema['x-kits-secret'] === true) return 'secret';
  if (schema.enum) return 'enum';
  const type = typeOf(schema);
  if (type === 'object' && schema.properties) return 'object';
  if (type === 'array' && schema.items) {
    const item = kindOf(schema.items);
    return item === 'string' || item === 'integer' || item === 'number' || item === 'currency' ? 'list' : 'json';
  }
  if (type === 'string' && schema.format === 'iso4217') return 'currency';
  if (type === 'boolean' || type === 'integer' || type === 'number' || type === 'string') return type;
  return 'json';
}

/** A property name as a label when the schema gives no title: `receiptFooter` → "Receipt footer". */
export function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The form's fields, in the schema's order, nested objects as groups. */
export function schemaFields(schema: JsonSchema, prefix = ''): SchemaField[] {
  return Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const kind = kindOf(property);
    return {
      path,
      name,
      label: property.title ?? labelOf(name),
      schema: property,
      required: schema.required?.includes(name) ?? false,
      kind,
      ...(kind === 'list' && property.items ? { itemKind: kindOf(property.items) } : {}),
      children: kind === 'object' ? schemaFields(property, path) : [],
    };
  });
}

/** Every field that holds a value (groups opened up). */
export function leafFields(fields: readonly SchemaField[]): SchemaField[] {
  return fields.flatMap((field) => (field.kind === 'object' ? leafFields(field.children) : [field]));
}

/** The value at a dotted path (`receipt.footer`) of an object, or undefined. */
export function valueAt(value: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((inner, name) => (inner && typeof inner === 'object' ? (inner as Record<string, unknown>)[name] : undefined), value);
}

/**
 * A copy of `value` with the value at `path` replaced (undefined removes it, so the schema's
 * default applies); the objects on the way are copied, never changed in place.
 */
export function withValueAt(value: Record<string, unknown>, path: string, next: unknown): Record<string, unknown> {
  const [name, ...rest] = path.split('.') as [string, ...string[]];
  const copy = { ...value };
  if (rest.length === 0) {
    if (next === undefined) delete copy[name];
    else copy[name] = next;
    return copy;
  }
  const inner = copy[name];
  copy[name] = withValueAt(inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : {}, rest.join('.'), next);
  return copy;
}

/** A default as a person reads it in a hint ("Default: 10", "Default: on"). */
export function describeDefault(field: SchemaField): string | undefined {
  const value = field.schema.default;
  if (value === undefined || field.kind === 'secret') return undefined;
  if (typeof value === 'boolean') return `Default: ${value ? 'on' : 'off'}`;
  if (Array.isArray(value)) return value.length === 0 ? undefined : `Default: ${value.join(', ')}`;
  return `Default: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`;
}
