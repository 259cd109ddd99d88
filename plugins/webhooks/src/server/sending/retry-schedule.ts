/** How long deliveries are retried: 3 days from the event, then they are given up as failed. */
export const GIVE_UP_AFTER_MS = 3 * 24 * 3600_000;
/** How long an endpoint may fail without a single success before it is disabled. */
export const DISABLE_AFTER_MS = 24 * 3600_000;
/** The longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 6 * 3600_000;

/**
 * The wait before attempt `failed + 1` after `failed` failed attempts: `base` × 4^(failed−1),
 * capped at 6 h, with jitter (a uniform draw from the upper half) so a recovering receiver is not
 * hit by every retry at once. With the default base of 5 s: ~5 s, 20 s, 80 s, 5 min, 21 min,
 * 85 min, 5.7 h, then every 6 h until 3 days are up.
 */
export function retryDelayMs(failed: number, baseMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, baseMs * 4 ** Math.max(0, failed - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
