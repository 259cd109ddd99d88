import { describe, expect, it } from 'vitest';
import { bucketLabel } from '../../src/office/bucket-labels.ts';
import { forecastChart } from '../../src/office/forecast/forecast-chart-data.ts';
import { errorWords, methodWords } from '../../src/office/forecast/forecast-words.ts';
import { basisPointsText, changeText, measureText } from '../../src/office/measure-text.ts';
import { lagText } from '../../src/office/report-lag.ts';
import { salesChart } from '../../src/office/sales/sales-chart-data.ts';
import type { ForecastReport, Measures, SalesReport, SalesReportRow } from '../../src/shared/report-types.ts';

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('figures', () => {
  it.each([
    [123456, 'money', '€1,234.56'],
    [-500, 'money', '-€5.00'],
    [1234, 'count', '1,234'],
    [2.5, 'ratio', '2.50'],
    [2450, 'basis-points', '24.5%'],
    [-75, 'basis-points', '-0.8%'],
    [null, 'money', '—'],
  ] as const)('%s as %s reads %s', (value, kind, text) => {
    expect(plain(measureText(value, kind, 'EUR', 'en-GB'))).toBe(text);
  });

  it('writes basis points exactly, in the locale', () => {
    expect(basisPointsText(1, 'en-GB')).toBe('0.0%');
    expect(basisPointsText(10000, 'de-DE')).toBe('100,0%');
  });

  it.each([
    [120, 100, '+20%'],
    [80, 100, '−20%'],
    [100, 100, 'same'],
    [5, 0, 'new'],
    [1001, 1000, '+<1%'],
    [-50, -100, '+50%'],
    [null, 100, undefined],
  ])('%s against %s is %s', (now, before, text) => {
    expect(changeText(now, before, 'en-GB')).toBe(text);
  });

  it.each([
    ['2026-03-15', 'day', false, 'Sun 15 Mar'],
    ['2026-W11', 'week', false, 'Week 11, 2026'],
    ['2026-03', 'month', false, 'Mar 2026'],
    ['2026-03-15T09:00', 'hour', false, '09:00'],
    ['2026-03-15T21:00', 'hour', true, '15 Mar, 21:00'],
  ] as const)('bucket %s by %s reads %s', (bucket, by, spans, text) => {
    expect(bucketLabel(bucket, by, 'en-GB', spans)).toBe(text);
  });

  it('says where the figures came from and how far behind they may be', () => {
    expect(lagText({ source: 'primary', lagSeconds: 0 })).toContain('up to date');
    expect(lagText({ source: 'replica', lagSeconds: 4.2 })).toContain('about 4 seconds behind');
    expect(lagText({ source: 'replica', lagSeconds: 600 })).toContain('about 10 minutes behind: the newest sales may be missing');
    expect(lagText({ source: 'replica', lagSeconds: null })).toContain('not known');
  });
});

const measures = (net: number, sales: number): Measures => ({
  sales,
  items: sales,
  gross: net,
  discount: 0,
  net,
  tax: 0,
  total: net,
  refunds: 0,
  refundedTotal: 0,
  cost: 0,
  margin: net,
  marginBasisPoints: 10000,
  basketSize: sales ? Math.round(net / sales) : null,
  itemsPerBasket: 1,
});
const row = (bucket: string, key: string | null, net: number, label: string | null = key): SalesReportRow => ({
  bucket,
  key,
  label,
  ...measures(net, 1),
});
const meta = (group: SalesReport['meta']['group']): SalesReport['meta'] => ({
  from: '2026-03-09',
  to: '2026-03-11',
  timezone: 'UTC',
  currency: 'EUR',
  locationIds: ['a', 'b'],
  source: 'primary',
  lagSeconds: 0,
  generatedAt: '2026-03-11T12:00:00Z',
  by: 'day',
  group,
  basis: 'happened',
});

describe('the sales chart', () => {
  it('over time: every day drawn (a day without sales as 0), the previous period laid over day by day', () => {
    const chart = salesChart(
      {
        meta: meta('none'),
        totals: measures(800, 2),
        previous: measures(300, 1),
        rows: [row('2026-03-09', null, 500), row('2026-03-11', null, 300)],
        previousRows: [row('2026-03-07', null, 300)],
      },
      'net',
      'en-GB',
    );
    expect(chart.kind).toBe('line');
    expect(chart.categories).toEqual(['Mon 9 Mar', 'Tue 10 Mar', 'Wed 11 Mar']);
    expect(chart.series.map((s) => s.values)).toEqual([
      [500, 0, 300],
      [0, 300, 0], // 6, 7 (the sale), 8 March
    ]);
    expect(chart.series.map((s) => s.label)).toEqual([
      'This period (Mon, 9 Mar 2026 – Wed, 11 Mar 2026)',
      'Previous period (Fri, 6 Mar 2026 – Sun, 8 Mar 2026)',
    ]);
  });

  it('grouped: one bar per group over the whole range, biggest first, last period beside it', () => {
    const chart = salesChart(
      {
        meta: meta('location'),
        totals: measures(1000, 4),
        previous: measures(400, 1),
        rows: [row('2026-03-09', 'a', 100, 'North'), row('2026-03-10', 'b', 700, 'South'), row('2026-03-11', 'a', 200, 'North')],
        previousRows: [row('2026-03-07', 'a', 400, 'North')],
      },
      'net',
      'en-GB',
    );
    expect(chart.kind).toBe('bar');
    expect(chart.categories).toEqual(['South', 'North']);
    expect(chart.series.map((s) => s.values)).toEqual([
      [700, 300],
      [null, 400],
    ]);
    expect(chart.groupsLeftOut).toBe(0);
  });
});

describe('the forecast in words and on the chart', () => {
  it('names each method and says how good it was', () => {
    expect(methodWords('holt-winters-additive').name).toBe('Weekly pattern and trend (Holt-Winters)');
    expect(methodWords('croston-sba').name).toBe('Occasional sales (Croston)');
    expect(methodWords('something-new').name).toBe('something-new');
    expect(errorWords({ heldOutDays: 28, mase: 0.72, mape: 18.4 }, 'en-GB')).toBe(
      "Tested on the last 28 days of sales, which it had not seen: on the days the item sold, it was off by 18% on average. That is better than guessing each day from the same weekday the week before (its error was 0.72 times that guess's).",
    );
    expect(errorWords({ heldOutDays: 14, mase: 1.3, mape: null }, 'en-GB')).toContain('no better than guessing');
    expect(errorWords(null, 'en-GB')).toContain('not enough history');
  });

  it('joins the forecast line and its range to the last day sold', () => {
    const report = {
      meta: { ...meta('none') },
      method: 'holt-winters-additive',
      history: [
        { day: '2026-03-09', quantity: 3 },
        { day: '2026-03-10', quantity: 5 },
      ],
      forecast: [{ day: '2026-03-11', quantity: 4, low: 2, high: 6 }],
      error: null,
    } as unknown as ForecastReport;
    const chart = forecastChart(report);
    expect(chart.days).toEqual(['2026-03-09', '2026-03-10', '2026-03-11']);
    expect(chart.series.map((s) => s.values)).toEqual([
      [3, 5, null],
      [null, 5, 4],
    ]);
    expect([chart.band.low, chart.band.high]).toEqual([
      [null, 5, 2],
      [null, 5, 6],
    ]);
  });
});
