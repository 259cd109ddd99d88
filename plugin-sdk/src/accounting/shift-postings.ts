import type { ShiftClosedPayload } from './event-payloads.ts';
import type { Posting } from './postings.ts';

/**
 * A closed shift's counted cash against what the drawer should hold: over is more cash (tender
 * debit) and a credit to cash over/short; short the other way round. Nothing counted, nothing posted.
 */
export function shiftPostings(shift: ShiftClosedPayload): Posting[] {
  const overShort = shift.cash.overShort;
  if (overShort === null || overShort === 0) return [];
  return [
    { role: 'tender', key: 'cash', amount: overShort },
    { role: 'cash_over_short', key: '', amount: -overShort },
  ];
}
