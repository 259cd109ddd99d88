import { OfficeApiError } from '@kits/plugin-sdk/office';
import { fieldProblems } from '@kits/ui-kit';

/**
 * Which filter a refused report request is about, so the page shows the problem beside that
 * field: the field the problem names (`querystring.to` → `to`), else a 403 about one location is
 * the location's. A problem about no filter (a failed network) is shown above the report.
 */
export function problemField(error: unknown, fields: readonly string[]): string | undefined {
  const named = Object.keys(fieldProblems(error)).find((field) => fields.includes(field));
  if (named) return named;
  if (error instanceof OfficeApiError && error.status === 403 && fields.includes('locationId')) return 'locationId';
  return undefined;
}

/** The stable code of a refused request (`reports.range_too_large`), if it was one. */
export const problemCode = (error: unknown): string | undefined => (error instanceof OfficeApiError ? error.problem.code : undefined);
