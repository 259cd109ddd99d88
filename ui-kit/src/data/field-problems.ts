import { problemOf } from './problem-text.ts';

const PART = /^(body|querystring|query|params)(?=$|[./])/;

/**
 * The form path a kernel problem names: `body.variants.0.sku` and `/body/variants/0/sku` are both
 * `variants.0.sku`; `query.`/`querystring.`/`params.` are stripped the same way; the body itself is `''`.
 */
export function fieldPath(field: string): string {
  const dotted = field.replace(/^\//, '').replace(/\//g, '.');
  return dotted.replace(PART, '').replace(/^\./, '');
}

/**
 * Each field's first problem from a refused request: a 400 `request.invalid` lists `errors` with
 * the field each names, a domain problem may name one `field` (its detail is the message). A
 * problem about the whole body, or naming no field, goes under `''` when it has a field entry at
 * all; what is not a problem answers `{}`.
 */
export function fieldProblems(error: unknown): Record<string, string> {
  const problem = problemOf(error);
  if (!problem) return {};
  const found: Record<string, string> = {};
  const note = (field: unknown, message: unknown) => {
    if (typeof field !== 'string' || typeof message !== 'string') return;
    const path = fieldPath(field);
    if (!(path in found)) found[path] = message;
  };
  if (Array.isArray(problem.errors)) {
    for (const entry of problem.errors as unknown[]) {
      if (typeof entry === 'object' && entry !== null) {
        const { field, message } = entry as { field?: unknown; message?: unknown };
        note(field, message);
      }
    }
  }
  if (typeof problem.field === 'string') note(problem.field, problem.detail);
  return found;
}
