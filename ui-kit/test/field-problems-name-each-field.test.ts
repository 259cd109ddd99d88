import { describe, expect, it } from 'vitest';
import { fieldPath, fieldProblems } from '../src/data/field-problems.ts';

const refused = (problem: Record<string, unknown>) => Object.assign(new Error(String(problem.detail ?? '')), { problem });

describe('fieldProblems', () => {
  it.each([
    ['body.variants.0.sku', 'variants.0.sku'],
    ['/body/variants/0/sku', 'variants.0.sku'],
    ['query.limit', 'limit'],
    ['querystring.to', 'to'],
    ['params.productId', 'productId'],
    ['body', ''],
    ['name', 'name'],
    ['bodyweight', 'bodyweight'],
  ])('names the field %s as %s', (field, path) => {
    expect(fieldPath(field)).toBe(path);
  });

  it("maps a 400 request.invalid's errors to their fields, the first message per field", () => {
    const error = refused({
      code: 'request.invalid',
      detail: 'The request is not valid.',
      errors: [
        { field: 'body.variants.0.sku', message: 'is required' },
        { field: 'body.name', message: 'must not be empty' },
        { field: 'body.name', message: 'is too long' },
      ],
    });
    expect(fieldProblems(error)).toEqual({ 'variants.0.sku': 'is required', name: 'must not be empty' });
  });

  it('puts a problem about the whole body, or naming no field, under the empty path', () => {
    const error = refused({
      code: 'request.invalid',
      detail: 'x',
      errors: [{ field: 'body', message: 'must be an object' }, { message: 'too many requests' }],
    });
    expect(fieldProblems(error)).toEqual({ '': 'must be an object' });
  });

  it('uses a domain problem that names one field with its detail', () => {
    const error = refused({ code: 'inventory.duplicate_sku', field: 'body.sku', detail: 'Another product already has the SKU TS-01.' });
    expect(fieldProblems(error)).toEqual({ sku: 'Another product already has the SKU TS-01.' });
  });

  it('answers nothing for a problem that names no field, and for what is not a problem', () => {
    expect(fieldProblems(refused({ code: 'server.unavailable', detail: 'Try again.' }))).toEqual({});
    expect(fieldProblems(new Error('offline'))).toEqual({});
    expect(fieldProblems(undefined)).toEqual({});
    expect(fieldProblems('text')).toEqual({});
  });
});
