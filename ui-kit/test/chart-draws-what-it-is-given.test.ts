import { describe, expect, it } from 'vitest';
import { compactMoney, moneyChartFormat, numberChartFormat } from '../src/chart/chart-format.ts';
import { chartModel, chartSummary, tickLabel, valueRange } from '../src/chart/chart-model.ts';

// Intl puts narrow no-break spaces in some locales; the tests compare what a person sees.
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('chartModel: categories on x, one column per series', () => {
  it('a line over time: x is each category position, values kept as given, gaps as null', () => {
    const model = chartModel({
      kind: 'line',
      categories: ['1 Dec', '2 Dec', '3 Dec'],
      series: [
        { label: 'This period', values: [100, null, 300] },
        { label: 'Last period', values: [90, 120, 150] },
      ],
    });
    expect(model.data).toEqual([
      [0, 1, 2],
      [100, null, 300],
      [90, 120, 150],
    ]);
    expect(model.series.map((s) => [s.label, s.tone, s.draw])).toEqual([
      ['This period', 'current', 'line'],
      ['Last period', 'previous', 'line'],
    ]);
    expect(model.xRange).toEqual([-0.5, 2.5]); // room for the first and last label
    expect(model.bands).toEqual([]);
  });

  it('bars of one series sit centred on their category; this and last period sit side by side', () => {
    const one = chartModel({ kind: 'bar', categories: ['North', 'South'], series: [{ label: 'Net', values: [5, 7] }] });
    expect(one.series.map((s) => [s.barAlign, s.barWidth])).toEqual([[0, 0.6]]);
    expect(one.xRange).toEqual([-0.5, 1.5]); // half a slot of room either side of the outer bars

    const pair = chartModel({
      kind: 'bar',
      categories: ['North', 'South'],
      series: [
        { label: 'This period', values: [5, 7] },
        { label: 'Last period', values: [4, 9] },
      ],
    });
    expect(pair.series.map((s) => [s.tone, s.barAlign])).toEqual([
      ['current', -1],
      ['previous', 1],
    ]);
    expect(pair.series.every((s) => s.barWidth * 2 < 1)).toBe(true); // the pair fits in one slot
  });

  it('a forecast band adds its high and low edges as series and fills between them', () => {
    const model = chartModel({
      kind: 'line',
      categories: ['Mon', 'Tue', 'Wed', 'Thu'],
      series: [
        { label: 'Sold', values: [3, 4, null, null] },
        { label: 'Forecast', values: [null, 4, 5, 6], tone: 'forecast' },
      ],
      band: { label: 'Likely range', low: [null, 4, 3, 3], high: [null, 4, 7, 9] },
    });
    expect(model.data).toHaveLength(5); // x, high, low, then the two series: the band is drawn under the lines
    expect(model.data[1]).toEqual([null, 4, 7, 9]);
    expect(model.data[2]).toEqual([null, 4, 3, 3]);
    expect(model.data[4]).toEqual([null, 4, 5, 6]);
    expect(model.series.map((s) => s.draw)).toEqual(['band-edge', 'band-edge', 'line', 'line']);
    expect(model.series[3]!.tone).toBe('forecast');
    expect(model.bands).toEqual([[1, 2]]); // uPlot's series numbers: 0 is x
    expect(model.yRange[1]).toBeGreaterThan(9); // the band's top stays inside the plot
  });

  it('refuses data it cannot draw, saying what is wrong', () => {
    expect(() => chartModel({ kind: 'line', categories: ['a', 'b'], series: [{ label: 'Net', values: [1] }] })).toThrow(
      'Series "Net" has 1 values for 2 categories',
    );
    expect(() => chartModel({ kind: 'line', categories: ['a'], series: [] })).toThrow('at least one series');
    const three = [1, 2, 3].map((n) => ({ label: `S${n}`, values: [n] }));
    expect(() => chartModel({ kind: 'bar', categories: ['a'], series: three })).toThrow('one or two series side by side, not 3');
    expect(() =>
      chartModel({
        kind: 'bar',
        categories: ['a'],
        series: [{ label: 'Net', values: [1] }],
        band: { label: 'Range', low: [0], high: [2] },
      }),
    ).toThrow('line chart only');
    expect(() =>
      chartModel({
        kind: 'line',
        categories: ['a', 'b'],
        series: [{ label: 'Net', values: [1, 2] }],
        band: { label: 'Range', low: [0], high: [2, 3] },
      }),
    ).toThrow('Band "Range" (low) has 1 values for 2 categories');
  });
});

describe('valueRange: the y axis starts at zero and leaves room above', () => {
  it.each([
    [[[0, 50, 100]], [0, 110]],
    [[[-20, 80]], [-30, 90]],
    [[[null, null]], [0, 1]],
    [[[0, 0]], [0, 1]],
    [
      [
        [10, 20],
        [5, 40],
      ],
      [0, 44],
    ],
  ] as Array<[Array<Array<number | null>>, [number, number]]>)('%j → %j', (columns, range) => {
    expect(valueRange(columns)).toEqual(range);
  });
});

describe('labels and summaries', () => {
  it('cuts long category names under a tick, keeps short ones', () => {
    expect(tickLabel('Main Street')).toBe('Main Street');
    expect(tickLabel('Organic Rye Flour 1kg')).toBe('Organic Rye F…');
    expect(tickLabel('Organic Rye Flour 1kg').length).toBeLessThanOrEqual(14);
  });

  it('says each series’ highest and lowest value and where, for a screen reader', () => {
    const format = moneyChartFormat('EUR', 'en-GB').value;
    const text = chartSummary(
      'Net sales by day',
      {
        kind: 'line',
        categories: ['1 Dec', '2 Dec', '3 Dec'],
        series: [
          { label: 'This period', values: [1250, 990, 3100] },
          { label: 'Last period', values: [null, null, null] },
        ],
      },
      format,
    );
    expect(text).toBe(
      'Net sales by day, 1 Dec to 3 Dec. This period: highest €31.00 at 3 Dec, lowest €9.90 at 2 Dec; Last period: no values.',
    );
    expect(chartSummary('Stock value', { kind: 'bar', categories: [], series: [{ label: 'Value', values: [] }] }, format)).toBe(
      'Stock value: nothing to show.',
    );
  });
});

describe('chart formats: money from integer minor units, never divided as floats', () => {
  it.each([
    [123456, 'EUR', 'en-GB', '€1.2K'],
    [99, 'EUR', 'en-GB', '€0.99'],
    [250000000, 'EUR', 'de-DE', '2,5 Mio. €'],
    [1500000, 'JPY', 'en-US', '¥1.5M'],
    [1234.6, 'EUR', 'en-GB', '€12.35'], // a tick between minor units is rounded to one first
  ])('compactMoney(%s, %s, %s) is %s', (amount, currency, locale, text) => {
    expect(plain(compactMoney(amount, currency, locale))).toBe(text);
  });

  it('writes legend values in full and axis ticks short', () => {
    const money = moneyChartFormat('EUR', 'en-GB');
    expect(money.value(123456)).toBe('€1,234.56');
    expect(money.tick(123456)).toBe('€1.2K');
    const units = numberChartFormat('en-GB', 'units');
    expect(units.value(2.345)).toBe('2.35 units');
    expect(units.tick(12500)).toBe('12.5K');
  });
});
