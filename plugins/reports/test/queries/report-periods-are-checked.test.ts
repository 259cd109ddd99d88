import { isDomainError } from '@kits/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/server/local-days.ts';
import { previousPeriod, reportPeriod } from '../../src/server/queries/report-period.ts';

const problemOf = (run: () => unknown): { code: string; status: number; extensions: Record<string, unknown> } => {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, status: error.status, extensions: { ...error.extensions } };
    throw error;
  }
  throw new Error('expected a problem');
};

const problemMessage = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (isDomainError(error)) return error.message;
    throw error;
  }
  throw new Error('expected a problem');
};

describe('report periods', () => {
  it.each([
    ['2026-12-01', '2026-12-01', 'day', 'none', 1],
    ['2026-12-01', '2026-12-31', 'hour', 'product', 31],
    ['2025-01-01', '2026-12-31', 'day', 'category', 730],
    ['2024-01-01', '2025-12-31', 'month', 'location', 731],
    ['2024-01-01', '2026-01-01', 'week', 'none', 732],
    ['2024-01-01', '2024-12-31', 'month', 'product', 366],
  ] as const)('%s to %s by %s per %s covers %i days', (from, to, by, group, days) => {
    expect(reportPeriod(from, to, by, group)).toEqual({ from, to, days });
  });

  it('by product and month, two years when read from day rollups', () => {
    expect(reportPeriod('2024-01-01', '2026-01-01', 'month', 'product', 'day')).toEqual({
      from: '2024-01-01',
      to: '2026-01-01',
      days: 732,
    });
  });

  it('refuses a period that ends before it starts, naming from', () => {
    expect(problemOf(() => reportPeriod('2026-12-02', '2026-12-01', 'day'))).toEqual({
      code: 'reports.range_reversed',
      status: 400,
      extensions: { errors: [{ field: 'querystring.from', message: 'is after to (2026-12-01)' }] },
    });
  });

  it.each([
    ['2026-12-01', '2027-01-01', 'hour', 'none', 'hour', 31],
    ['2026-12-01', '2027-01-01', 'hour', 'product', 'hour', 31],
    ['2024-01-01', '2026-01-02', 'day', 'none', 'hour', 732],
    ['2024-01-01', '2026-01-02', 'month', 'category', 'hour', 732],
    ['2024-01-01', '2025-01-01', 'month', 'product', 'hour', 366],
    ['2024-01-01', '2026-01-02', 'month', 'product', 'day', 732],
    ['2024-01-01', '2025-01-01', 'day', 'product', 'day', 366],
    ['2024-01-01', '2025-01-01', 'week', 'product', 'day', 366],
    ['2024-01-01', '2026-01-02', 'day', 'category', 'day', 732],
  ] as const)('refuses %s to %s by %s per %s from %s rollups: more than %i days', (from, to, by, group, grain, maxDays) => {
    expect(problemOf(() => reportPeriod(from, to, by, group, grain))).toMatchObject({
      code: 'reports.range_too_large',
      status: 400,
      extensions: { maxDays },
    });
  });

  it('says the limit of the grouping it refuses: a year by product (by month, until the day rollups are ready), two years otherwise', () => {
    const byProduct = problemOf(() => reportPeriod('2024-01-01', '2025-06-30', 'month', 'product'));
    expect(byProduct).toMatchObject({ code: 'reports.range_too_large', extensions: { maxDays: 366 } });
    expect(problemMessage(() => reportPeriod('2024-01-01', '2025-06-30', 'month', 'product'))).toMatch(
      /at most 366 .*by product until this shop’s day rollups are ready/,
    );
    expect(problemMessage(() => reportPeriod('2024-01-01', '2025-06-30', 'week', 'product', 'day'))).toMatch(
      /at most 366 .*by product by week .*report by month over up to two years/,
    );
    expect(reportPeriod('2024-01-01', '2025-06-30', 'month', 'product', 'day').days).toBe(547);
    expect(reportPeriod('2024-01-01', '2025-06-30', 'month', 'category').days).toBe(547);
  });

  it('the previous period has the same length and ends the day before', () => {
    expect(previousPeriod(reportPeriod('2026-03-01', '2026-03-31', 'day'))).toEqual({ from: '2026-01-29', to: '2026-02-28', days: 31 });
    expect(previousPeriod(reportPeriod('2026-12-07', '2026-12-07', 'hour'))).toEqual({ from: '2026-12-06', to: '2026-12-06', days: 1 });
  });

  it('adds days across months, years and a leap day', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});
