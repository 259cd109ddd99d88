import { describe, expect, it } from 'vitest';
import {
  describeDefault,
  kindOf,
  labelOf,
  leafFields,
  schemaFields,
  valueAt,
  withValueAt,
  type JsonSchema,
} from '../src/form/schema-fields.ts';

const settings: JsonSchema = {
  type: 'object',
  required: ['currency'],
  properties: {
    currency: { type: 'string', format: 'iso4217', title: 'Currency' },
    apiKey: { type: 'string', 'x-kits-secret': true },
    mode: { type: 'string', enum: ['live', 'test'], default: 'test' },
    retries: { type: 'integer', default: 3, minimum: 0 },
    rate: { type: ['number', 'null'] },
    printLogo: { type: 'boolean', default: true },
    tags: { type: 'array', items: { type: 'string' } },
    mapping: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } },
    receipt: {
      type: 'object',
      description: 'What the receipt shows.',
      properties: { footerText: { type: 'string' }, copies: { type: 'integer' } },
    },
  },
};

describe('a schema as form fields', () => {
  it('gives each property the control its type asks for, in the schema order', () => {
    const fields = schemaFields(settings);
    expect(fields.map((field) => [field.path, field.kind])).toEqual([
      ['currency', 'currency'],
      ['apiKey', 'secret'],
      ['mode', 'enum'],
      ['retries', 'integer'],
      ['rate', 'number'],
      ['printLogo', 'boolean'],
      ['tags', 'list'],
      ['mapping', 'json'],
      ['receipt', 'object'],
    ]);
    expect(fields.find((field) => field.path === 'tags')?.itemKind).toBe('string');
  });

  it('opens nested objects into groups whose fields have dotted paths, and marks required ones', () => {
    const fields = schemaFields(settings);
    expect(leafFields(fields).map((field) => field.path)).toContain('receipt.footerText');
    expect(fields.find((field) => field.path === 'receipt')?.children.map((field) => field.label)).toEqual(['Footer text', 'Copies']);
    expect(fields.filter((field) => field.required).map((field) => field.path)).toEqual(['currency']);
  });

  it('labels a property by its title, else by its name in words', () => {
    expect(labelOf('receiptFooter')).toBe('Receipt footer');
    expect(labelOf('api_key')).toBe('Api key');
    expect(schemaFields(settings)[0]?.label).toBe('Currency');
  });

  it('says the default in words, and never a secret', () => {
    const [, apiKey, mode, retries, , printLogo] = schemaFields(settings);
    expect([apiKey, mode, retries, printLogo].map((field) => describeDefault(field!))).toEqual([
      undefined,
      'Default: test',
      'Default: 3',
      'Default: on',
    ]);
  });

  it('reads and writes values at dotted paths without changing the original', () => {
    const value = { receipt: { footerText: 'Thanks' }, retries: 2 };
    const changed = withValueAt(value, 'receipt.copies', 2);
    expect(changed).toEqual({ receipt: { footerText: 'Thanks', copies: 2 }, retries: 2 });
    expect(value).toEqual({ receipt: { footerText: 'Thanks' }, retries: 2 });
    expect(valueAt(changed, 'receipt.copies')).toBe(2);
    expect(withValueAt(changed, 'retries', undefined)).toEqual({ receipt: { footerText: 'Thanks', copies: 2 } });
  });

  it('falls back to JSON text for what it cannot draw', () => {
    expect(kindOf({})).toBe('json');
    expect(kindOf({ type: 'object' })).toBe('json');
  });
});
