/**
 * A forecast's method and its measured error in words a merchant reads without statistics: what
 * the method assumes, and how far off it was on the month it was tested on.
 */

export interface MethodWords {
  readonly name: string;
  readonly explanation: string;
}

const METHODS: ReadonlyArray<{ prefix: string; words: MethodWords }> = [
  {
    prefix: 'holt-winters',
    words: {
      name: 'Weekly pattern and trend (Holt-Winters)',
      explanation:
        'It learns how sales of this item rise and fall through the week, and whether they are growing or shrinking, and carries both forward.',
    },
  },
  {
    prefix: 'croston',
    words: {
      name: 'Occasional sales (Croston)',
      explanation:
        'This item sells on some days and not on others, so the forecast is a steady rate per day — how much it sells on average — rather than day-by-day ups and downs.',
    },
  },
];

/** The method's name and what it assumes; an unknown method is named as the server gave it. */
export function methodWords(method: string): MethodWords {
  return (
    METHODS.find((known) => method.startsWith(known.prefix))?.words ?? {
      name: method,
      explanation: 'A forecast from this item’s daily sales history at this location.',
    }
  );
}

const one = (value: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(value);
const two = (value: number, locale: string) => new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);

/**
 * "Tested on the last 28 days of sales, which it had not seen: on the days the item sold, it was
 * off by 18% on average — better than guessing each day from the same weekday the week before."
 * MASE below 1 beats that weekly guess; MAPE is the average miss as a share of what sold.
 */
export function errorWords(error: { heldOutDays: number; mase: number | null; mape: number | null } | null, locale: string): string {
  if (error === null || error.heldOutDays === 0) return 'There is not enough history yet to test it on days it had not seen.';
  const tested = `Tested on the last ${error.heldOutDays} days of sales, which it had not seen`;
  const miss = error.mape === null ? '' : `: on the days the item sold, it was off by ${one(error.mape, locale)}% on average`;
  let against: string;
  if (error.mase === null) against = 'Those days were too even to compare it with a simple weekly guess.';
  else if (error.mase < 1)
    against = `That is better than guessing each day from the same weekday the week before (its error was ${two(error.mase, locale)} times that guess's).`;
  else
    against = `That is no better than guessing each day from the same weekday the week before (its error was ${two(error.mase, locale)} times that guess's): treat it as a rough guide.`;
  return `${tested}${miss}. ${against}`;
}
