import {
  CalendarDate,
  checkPayload,
  DomainError,
  LineQuantity,
  MinorUnits,
  MoneyInput,
  PositiveTillAmount,
  ProblemDetails,
  Quantity,
  QuantityOrZero,
  TillAmount,
  Timestamp,
  Type,
  Uuid,
  type TSchema,
} from '@kits/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { createValidators } from '../src/http/validation.ts';
import { problem } from '../src/http/problem.ts';

// The SDK's shared schemas are only as good as the validators that run them: a `format` an ajv
// set-up does not know passes anything. Each schema is checked by the kernel's route validators
// (request bodies, and path and query strings) and by checkPayload (till events), alike.
const validators = createValidators();
const checkedByPayload = (schema: TSchema, value: unknown) => {
  try {
    checkPayload(schema, value, 'test.malformed', 'The value');
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
};

const cases: ReadonlyArray<[string, TSchema, readonly unknown[], readonly unknown[]]> = [
  ['Uuid', Uuid, ['0190a6d2-6f4e-7c3a-8b1e-1a2b3c4d5e6f'], ['nope', '0190a6d2-6f4e-7c3a-8b1e', '', 42]],
  ['Timestamp', Timestamp, ['2026-03-01T09:30:00.000Z', '2026-03-01T10:30:00+01:00'], ['2026-03-01', '2026-03-01 09:30', 'yesterday']],
  ['CalendarDate', CalendarDate, ['2026-02-28'], ['2026-02-30', '2026-02-28T00:00:00Z', '28.02.2026']],
  ['MinorUnits', MinorUnits, [0, 1999, 1_000_000_000_000], [-1, 19.99, 1_000_000_000_001, '1999']],
  ['TillAmount', TillAmount, [0, 100_000_000_000], [-1, 0.5, 100_000_000_001]],
  ['PositiveTillAmount', PositiveTillAmount, [1, 100_000_000_000], [0, 100_000_000_001]],
  ['Quantity', Quantity, [1, 1_000_000_000], [0, 1.5, 1_000_000_001]],
  ['QuantityOrZero', QuantityOrZero, [0, 1_000_000_000], [-1, 1_000_000_001]],
  ['LineQuantity', LineQuantity, [1, 1_000_000], [0, 1_000_001]],
  [
    'MoneyInput',
    MoneyInput,
    [{ amount: 1999, currency: 'EUR' }],
    [{ amount: 19.99, currency: 'EUR' }, { amount: 1999, currency: 'eur' }, { amount: 1999 }, { amount: 1, currency: 'EUR', note: 'x' }],
  ],
];

describe('the SDK’s shared schemas', () => {
  it.each(cases)('%s takes what it describes and refuses the rest, in a body and in a till event alike', (_name, schema, good, bad) => {
    const body = validators.body.compile(schema);
    for (const value of good) {
      expect(body(value), JSON.stringify(value)).toBe(true);
      expect(checkedByPayload(schema, value), JSON.stringify(value)).toBe(true);
    }
    for (const value of bad) {
      expect(body(value), JSON.stringify(value)).toBe(false);
      expect(checkedByPayload(schema, value), JSON.stringify(value)).toBe(false);
    }
  });

  it('ids and instants are checked in a path or query string too', () => {
    const query = validators.strings.compile(Type.Object({ id: Uuid, since: Timestamp }));
    expect(query({ id: '0190a6d2-6f4e-7c3a-8b1e-1a2b3c4d5e6f', since: '2026-03-01T09:30:00Z' })).toBe(true);
    expect(query({ id: 'nope', since: '2026-03-01T09:30:00Z' })).toBe(false);
    expect(query({ id: '0190a6d2-6f4e-7c3a-8b1e-1a2b3c4d5e6f', since: 'last week' })).toBe(false);
  });

  it('ProblemDetails describes the problem+json the kernel sends, extensions and all', () => {
    const invalid = problem(400, 'request.invalid', 'The request is invalid.', { errors: [{ field: 'body.x', message: 'is required' }] });
    const sent = { ...invalid, instance: '/api/v1/things' }; // as sendProblem adds it
    expect(validators.body.compile(ProblemDetails)(sent)).toBe(true);
    expect(validators.body.compile(ProblemDetails)({ status: 400, code: 'request.invalid' })).toBe(false);
  });
});
