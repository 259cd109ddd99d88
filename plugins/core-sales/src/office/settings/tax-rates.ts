/** Tax rates as a merchant types them: percent with up to two decimals ("20", "5.5"), kept as basis points (2000, 550). */

export interface RateDraft {
  readonly name: string;
  /** What was typed in the percent box. */
  readonly percent: string;
}

export type TaxRates = Record<string, ReadonlyArray<{ readonly name: string; readonly basisPoints: number }>>;

/** Basis points of a typed percent, or undefined when it is not one from 0 to 100 with at most two decimals. */
export function percentToBasisPoints(text: string): number | undefined {
  const match = /^\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*$/.exec(text);
  if (!match) return undefined;
  const basisPoints = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return basisPoints <= 10_000 ? basisPoints : undefined;
}

/** "20", "5.5", "7.25": the percent of basis points, with no trailing zeros. */
export function basisPointsToPercent(basisPoints: number): string {
  const whole = Math.trunc(basisPoints / 100);
  const cents = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return cents ? `${whole}.${cents}` : String(whole);
}
