/** What a person reads about a failure: the kernel's problem detail, else the error's message. */
export function problemText(error: unknown): string {
  const problem = problemOf(error);
  if (problem && typeof problem.detail === 'string' && problem.detail !== '') return problem.detail;
  if (problem && typeof problem.title === 'string' && problem.title !== '') return problem.title;
  if (error instanceof Error && error.message !== '') return error.message;
  return 'something went wrong.';
}

/** The problem+json body an API error carries (`OfficeApiError.problem`), when it carries one. */
export function problemOf(error: unknown): Record<string, unknown> | undefined {
  if (typeof error !== 'object' || error === null || !('problem' in error)) return undefined;
  const problem = (error as { problem: unknown }).problem;
  return typeof problem === 'object' && problem !== null ? (problem as Record<string, unknown>) : undefined;
}
