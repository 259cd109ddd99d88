import { describe, expect, it } from 'vitest';
import { dayBefore, dayHasEnded, dayText, isDay, localDate } from '../../src/office/business-day.ts';

// "Export now" is offered for a day that has ended at the location: its local date is before the
// location's today, in the location's own time zone, whatever the browser's zone.
describe('a business day', () => {
  const now = new Date('2026-12-07T03:30:00Z');

  it('is the location’s local date', () => {
    expect(localDate(now, 'Europe/London')).toBe('2026-12-07');
    expect(localDate(now, 'America/Los_Angeles')).toBe('2026-12-06');
    expect(localDate(now, 'Pacific/Auckland')).toBe('2026-12-07');
  });

  it('has ended once the location’s midnight has passed, not the browser’s', () => {
    // 03:30 UTC: London is on the 7th (the 6th has ended), Los Angeles still on the 6th.
    expect(dayHasEnded('2026-12-06', now, 'Europe/London')).toBe(true);
    expect(dayHasEnded('2026-12-06', now, 'America/Los_Angeles')).toBe(false);
    expect(dayHasEnded('2026-12-05', now, 'America/Los_Angeles')).toBe(true);
    expect(dayHasEnded('2026-12-07', now, 'Europe/London')).toBe(false);
    expect(dayHasEnded('2026-12-08', now, 'Europe/London')).toBe(false);
  });

  it('is only a real calendar date', () => {
    expect(isDay('2026-12-06')).toBe(true);
    expect(isDay('2026-02-30')).toBe(false);
    expect(isDay('2026-2-3')).toBe(false);
    expect(isDay('yesterday')).toBe(false);
  });

  it('steps back across months and years', () => {
    expect(dayBefore('2026-03-01')).toBe('2026-02-28');
    expect(dayBefore('2027-01-01')).toBe('2026-12-31');
  });

  it('is written as the person’s locale writes a date, on the same day in every zone', () => {
    expect(dayText('2026-12-06', 'en-GB')).toBe('6 Dec 2026');
    expect(dayText('2026-12-06', 'en-US')).toBe('Dec 6, 2026');
    expect(dayText('not a day', 'en-GB')).toBe('not a day');
  });
});
