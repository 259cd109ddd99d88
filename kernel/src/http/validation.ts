import { CURRENCY_FORMAT, DomainError, isCurrencyCode } from '@kits/plugin-sdk';
import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * Two validators: bodies are checked strictly ("5" is not a number), path and query strings are
 * coerced (they only ever arrive as text). Used by Fastify and by the plugin dispatcher alike.
 */
export interface Validators {
  readonly body: Ajv;
  readonly strings: Ajv;
}

function makeAjv(coerce: boolean): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    useDefaults: true,
    removeAdditional: false,
    strict: false,
  });
  (addFormats as unknown as (instance: Ajv) => void)(ajv);
  // The SDK's CurrencyCode (and settings schemas) name ISO 4217 codes by this format.
  ajv.addFormat(CURRENCY_FORMAT, { type: 'string', validate: isCurrencyCode });
  return ajv;
}

export function createValidators(): Validators {
  return { body: makeAjv(false), strings: makeAjv(true) };
}

export interface ValidationIssue {
  readonly field: string;
  readonly message: string;
}

/** Turns Ajv errors into `field message` pairs a person can act on. */
export function describeValidationErrors(errors: readonly ErrorObject[], part: string): ValidationIssue[] {
  return errors.map((issue) => {
    const path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    const params = issue.params as Record<string, unknown>;
    if (issue.keyword === 'required') {
      return { field: [part, path, String(params.missingProperty)].filter(Boolean).join('.'), message: 'is required' };
    }
    if (issue.keyword === 'additionalProperties') {
      return {
        field: [part, path, String(params.additionalProperty)].filter(Boolean).join('.'),
        message: 'is not a known field; remove it',
      };
    }
    return { field: [part, path].filter(Boolean).join('.'), message: issue.message ?? 'is invalid' };
  });
}

export function validationSummary(issues: readonly ValidationIssue[]): string {
  return `The request is invalid: ${issues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}.`;
}

const isUnknownCurrency = (issue: ErrorObject) =>
  issue.keyword === 'format' && (issue.params as { format?: string }).format === CURRENCY_FORMAT;

/**
 * The error for input its schema refused: 400 `request.invalid` naming each field, except a
 * well-formed code that is not an ISO 4217 currency (`QQQ`), alone at fault: 422
 * `money.unknown_currency`, naming the field, as a route's own currency checks answer.
 */
export function invalidInput(errors: readonly ErrorObject[], part: string, input: unknown): DomainError {
  const issues = describeValidationErrors(errors, part);
  if (errors.length > 0 && errors.every(isUnknownCurrency)) {
    const currencyIssues = issues.map((issue, index) => ({
      field: issue.field,
      message: `"${String(valueAt(input, errors[index]!.instancePath))}" is not an ISO 4217 currency code`,
    }));
    return new DomainError(
      'money.unknown_currency',
      422,
      `${currencyIssues.map((issue) => `${issue.field} ${issue.message}`).join('; ')}; give one like EUR, USD or JPY.`,
      { field: currencyIssues[0]!.field, errors: currencyIssues },
    );
  }
  return new DomainError('request.invalid', 400, validationSummary(issues), { errors: issues });
}

/** The value at a JSON pointer (`/variants/0/prices/1/currency`) of the validated input. */
function valueAt(input: unknown, pointer: string): unknown {
  let value = input;
  for (const key of pointer.split('/').slice(1)) {
    const name = key.replaceAll('~1', '/').replaceAll('~0', '~');
    value =
      value !== null && typeof value === 'object' && Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
  }
  return value;
}
