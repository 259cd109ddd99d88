/**
 * How long a failed export waits before its next attempt: 1 min, 5 min, 30 min, 2 h, 6 h; after the
 * fifth retry fails too it is `failed`, shown with the provider's message and a retry button.
 */
export const BACKOFF_SECONDS: readonly number[] = [60, 5 * 60, 30 * 60, 2 * 3600, 6 * 3600];

/** The wait after the `failures`-th failure in a row (1-based), or null when it is time to give up. */
export function backoffAfter(failures: number): number | null {
  return BACKOFF_SECONDS[failures - 1] ?? null;
}
