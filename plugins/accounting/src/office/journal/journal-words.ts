import type { JournalLine } from '../accounting-api.ts';

/** "1 line has no account: Card clearing (stripe-pay)." / "3 lines have no account: …" */
export function unmappedText(lines: readonly JournalLine[]): string {
  const unmapped = lines.filter((line) => line.accountId === null).map((line) => line.label);
  if (unmapped.length === 0) return '';
  return `${unmapped.length === 1 ? '1 line has' : `${unmapped.length} lines have`} no account: ${unmapped.join(', ')}.`;
}
