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
