import { describe, expect, it } from 'vitest';
import { CATCH_UP_DAYS, catchUpWindow, latestDueDay, nextDayToExport } from '../../src/server/bi-export/due-days.ts';
import { addDays, daysBetween, localClock } from '../../src/server/local-days.ts';

describe("the shop's clock", () => {
  it.each([
    ['2026-12-07T04:30:00Z', 'America/New_York', { today: '2026-12-06', hour: 23 }],
    ['2026-12-07T05:00:00Z', 'America/New_York', { today: '2026-12-07', hour: 0 }],
    ['2026-12-06T10:15:00Z', 'Pacific/Kiritimati', { today: '2026-12-07', hour: 0 }],
    ['2026-12-06T23:59:59Z', 'UTC', { today: '2026-12-06', hour: 23 }],
    ['2026-03-29T01:30:00Z', 'Europe/Berlin', { today: '2026-03-29', hour: 3 }], // the night clocks go forward
  ])('%s in %s is %o', (instant, zone, clock) => {
    expect(localClock(new Date(instant), zone)).toEqual(clock);
  });

  it('counts calendar days across months, years and leap days', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(daysBetween('2026-12-02', '2026-12-01')).toEqual([]);
  });
});

describe('which day the job exports', () => {
  it.each([
    [{ today: '2026-12-07', hour: 2 }, 3, '2026-12-05'], // before the hour: yesterday may still be receiving offline sales
    [{ today: '2026-12-07', hour: 3 }, 3, '2026-12-06'],
    [{ today: '2026-12-07', hour: 23 }, 0, '2026-12-06'],
    [{ today: '2026-01-01', hour: 0 }, 0, '2025-12-31'],
  ])('at %o with the hour set to %i, the newest due day is %s', (clock, hour, day) => {
    expect(latestDueDay(clock, hour)).toBe(day);
  });

  it(`looks back ${CATCH_UP_DAYS} days, never before the first fact, and not at all without facts`, () => {
    expect(catchUpWindow('2026-12-06', '2026-01-01')).toEqual(daysBetween(addDays('2026-12-06', 1 - CATCH_UP_DAYS), '2026-12-06'));
    expect(catchUpWindow('2026-12-06', '2026-12-05')).toEqual(['2026-12-05', '2026-12-06']);
    expect(catchUpWindow('2026-12-06', '2026-12-07')).toEqual([]);
    expect(catchUpWindow('2026-12-06', undefined)).toEqual([]);
  });

  it.each([
    ['the newest day first', ['2026-12-04', '2026-12-05', '2026-12-06'], [], '2026-12-06'],
    ['then the oldest missing', ['2026-12-04', '2026-12-05', '2026-12-06'], ['2026-12-06'], '2026-12-04'],
    ['a gap in the middle', ['2026-12-04', '2026-12-05', '2026-12-06'], ['2026-12-04', '2026-12-06'], '2026-12-05'],
    ['nothing when all are there', ['2026-12-05', '2026-12-06'], ['2026-12-05', '2026-12-06'], undefined],
    ['nothing without a window', [], [], undefined],
  ])('%s', (_, window, exported, day) => {
    expect(nextDayToExport(window, new Set(exported))).toBe(day);
  });
});
