import { describe, expect, it } from 'vitest';
import { addDays, daysInRange, isDate, monthEnd, todayIn } from '../../src/office/calendar.ts';
import { forecastQuery, readForecastChoice } from '../../src/office/forecast/forecast-link.ts';
import {
  inventoryFiltersQuery,
  inventoryReportQuery,
  readInventoryFilters,
  sortsItself,
} from '../../src/office/inventory/inventory-filters.ts';
import { presetDates, readSalesFilters, salesFiltersQuery, salesReportQuery } from '../../src/office/sales/sales-filters.ts';

const TODAY = '2026-03-15'; // a Sunday

describe('calendar dates of the reports', () => {
  it('moves and counts days across month, year and leap-day ends', () => {
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysInRange('2026-03-15', '2026-03-15')).toBe(1);
    expect(daysInRange('2026-03-01', '2026-03-31')).toBe(31);
    expect(monthEnd('2026-02-10')).toBe('2026-02-28');
    expect([isDate('2026-02-29'), isDate('2028-02-29'), isDate('15/03/2026')]).toEqual([false, true, false]);
  });

  it("reads today in the shop's time zone, not the browser's", () => {
    const lateEvening = Date.parse('2026-03-15T23:30:00Z');
    expect(todayIn('UTC', lateEvening)).toBe('2026-03-15');
    expect(todayIn('Pacific/Auckland', lateEvening)).toBe('2026-03-16');
    expect(todayIn('America/Los_Angeles', lateEvening)).toBe('2026-03-15');
  });
});

describe('sales report filters', () => {
  it.each([
    ['today', '2026-03-15', '2026-03-15'],
    ['yesterday', '2026-03-14', '2026-03-14'],
    ['last-7-days', '2026-03-09', '2026-03-15'],
    ['last-30-days', '2026-02-14', '2026-03-15'],
    ['last-90-days', '2025-12-16', '2026-03-15'],
    ['this-month', '2026-03-01', '2026-03-15'],
    ['last-month', '2026-02-01', '2026-02-28'],
  ] as const)('%s on %s covers %s to %s', (preset, from, to) => {
    expect(presetDates(preset, TODAY)).toEqual({ from, to });
  });

  it('an empty link opens the last 7 days by day, ungrouped, by when sales happened, net on the chart', () => {
    expect(readSalesFilters(new URLSearchParams(), TODAY)).toEqual({
      range: 'last-7-days',
      from: '2026-03-09',
      to: '2026-03-15',
      by: 'day',
      group: 'none',
      locationId: undefined,
      basis: 'happened',
      compare: false,
      measure: 'net',
    });
    expect(readSalesFilters(new URLSearchParams('range=today'), TODAY).by).toBe('hour');
  });

  it('every filter goes into the link and comes back out the same', () => {
    const filters = {
      range: 'custom',
      from: '2026-01-05',
      to: '2026-02-01',
      by: 'week',
      group: 'location',
      locationId: '0193c1d2-0000-7000-8000-000000000001',
      basis: 'arrived',
      compare: true,
      measure: 'margin',
    } as const;
    const link = salesFiltersQuery(filters);
    expect(link.toString()).toBe(
      'range=custom&from=2026-01-05&to=2026-02-01&by=week&group=location&locationId=0193c1d2-0000-7000-8000-000000000001&basis=arrived&compare=previous&measure=margin',
    );
    expect(readSalesFilters(new URLSearchParams(link.toString()), TODAY)).toEqual(filters);
    expect(salesReportQuery(filters)).toEqual({
      from: '2026-01-05',
      to: '2026-02-01',
      by: 'week',
      group: 'location',
      basis: 'arrived',
      locationId: '0193c1d2-0000-7000-8000-000000000001',
      compare: 'previous',
    });
  });

  it('a preset link stays relative to the day it is opened; unknown words fall back to the defaults', () => {
    const link = salesFiltersQuery(readSalesFilters(new URLSearchParams('range=last-30-days&by=fortnight&group=colour'), TODAY));
    expect(link.has('from')).toBe(false);
    expect(readSalesFilters(link, '2026-04-01')).toMatchObject({ from: '2026-03-03', to: '2026-04-01', by: 'day', group: 'none' });
  });

  it('dates in a link without a range are a custom range, kept as written for the server to judge', () => {
    expect(readSalesFilters(new URLSearchParams('from=2026-03-20&to=2026-03-10'), TODAY)).toMatchObject({
      range: 'custom',
      from: '2026-03-20',
      to: '2026-03-10',
    });
  });
});

describe('inventory health and forecast links', () => {
  it('keeps location, dead-stock days, the filter and the sort', () => {
    const query = new URLSearchParams('locationId=abc&deadStockDays=60&show=dead&sort=stockValue&dir=asc');
    const filters = readInventoryFilters(query);
    expect(filters).toEqual({ locationId: 'abc', deadStockDays: 60, show: 'dead', sort: { key: 'stockValue', direction: 'asc' } });
    expect(inventoryFiltersQuery(filters).toString()).toBe(query.toString());
    expect(readInventoryFilters(new URLSearchParams('show=everything&sort=secret&deadStockDays=-3'))).toEqual({
      locationId: undefined,
      deadStockDays: undefined,
      show: 'all',
      sort: undefined,
    });
  });

  it('asks the server for the items the filter shows, in the order the link says; by name the page sorts them itself', () => {
    const asked = (query: string) => {
      const filters = readInventoryFilters(new URLSearchParams(query));
      return { query: inventoryReportQuery(filters), sortsItself: sortsItself(filters) };
    };
    expect(asked('locationId=abc&deadStockDays=30&show=dead&sort=lastSaleAt&dir=asc')).toEqual({
      query: { locationId: 'abc', deadStockDays: 30, show: 'dead', sort: 'lastSaleAt', dir: 'asc' },
      sortsItself: false,
    });
    expect(asked('show=all&sort=daysOfCover&dir=desc')).toEqual({ query: { sort: 'daysOfCover', dir: 'desc' }, sortsItself: false });
    expect(asked('show=overstock&sort=name&dir=asc')).toEqual({ query: { show: 'overstock' }, sortsItself: true });
    expect(asked('')).toEqual({ query: {}, sortsItself: false });
  });

  it('a forecast link names the item, the location and the days ahead', () => {
    const choice = { variantId: 'v1', item: 'Rye Flour 1kg', locationId: 'l1', days: 14 };
    expect(readForecastChoice(forecastQuery(choice))).toEqual(choice);
    expect(readForecastChoice(new URLSearchParams('days=500')).days).toBe(28);
  });
});
