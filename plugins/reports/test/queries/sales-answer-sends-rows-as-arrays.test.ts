import { describe, expect, it } from 'vitest';
import { MeasureFields, SalesRow } from '../../src/server/queries/report-schemas.ts';
import type { Measures, SalesReport, SalesReportRow } from '../../src/shared/report-types.ts';
import { MEASURE_FIELDS, SALES_COLUMNS, salesAnswerOf, salesReportOf } from '../../src/shared/sales-answer.ts';

const measures = (net: number | null, sales: number | null): Measures => ({
  sales,
  items: sales === null ? 7 : sales * 2,
  gross: net === null ? null : net + 100,
  discount: 100,
  net,
  tax: net === null ? null : Math.round(net / 5),
  total: net === null ? null : net + Math.round(net / 5),
  refunds: sales === null ? null : 1,
  refundedTotal: 250,
  cost: null,
  margin: null,
  marginBasisPoints: null,
  basketSize: sales ? Math.round((net ?? 0) / sales) : null,
  itemsPerBasket: sales ? 2.5 : null,
});
const row = (bucket: string, key: string | null, label: string | null, net: number | null, sales: number | null): SalesReportRow => ({
  bucket,
  key,
  label,
  ...measures(net, sales),
});

const REPORT: SalesReport = {
  meta: {
    from: '2026-12-01',
    to: '2026-12-02',
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    locationIds: ['0190c000-0000-7000-8000-000000000001'],
    source: 'primary',
    lagSeconds: 0,
    generatedAt: '2026-12-07T10:00:00.000Z',
    by: 'day',
    group: 'tender',
    basis: 'happened',
  },
  totals: measures(12_345, 9),
  previous: measures(null, null),
  rows: [row('2026-12-01', 'card', 'card', 10_000, 6), row('2026-12-02', 'cash', null, 2_345, 3)],
  previousRows: [row('2026-11-29', null, null, null, null)],
};

describe('the sales answer', () => {
  it('sends each row as an array of its values under one list of columns, and reads back as the same report', () => {
    const answer = salesAnswerOf(REPORT);

    expect(answer.columns).toEqual(['bucket', 'key', 'label', ...MEASURE_FIELDS]);
    expect(answer.rows[1]).toEqual(['2026-12-02', 'cash', null, 3, 6, 2_445, 100, 2_345, 469, 2_814, 1, 250, null, null, null, 782, 2.5]);
    expect(answer.previousRows).toEqual([
      ['2026-11-29', null, null, null, 7, null, 100, null, null, null, null, 250, null, null, null, null, null],
    ]);
    expect(salesReportOf(answer)).toEqual(REPORT);
    expect(salesReportOf({ ...answer, previous: null, previousRows: null })).toEqual({ ...REPORT, previous: null, previousRows: null });
  });

  it('reads rows by the columns the answer names, whatever their order', () => {
    const answer = salesAnswerOf(REPORT);
    const reordered = [...SALES_COLUMNS].reverse();
    const rows = answer.rows.map((values) => reordered.map((column) => values[SALES_COLUMNS.indexOf(column)]));

    expect(salesReportOf({ ...answer, columns: reordered, rows: rows as never }).rows).toEqual(REPORT.rows);
  });

  it('its schema describes a row’s measures in the order of its columns', () => {
    const items = (SalesRow as unknown as { prefixItems?: unknown[]; items?: unknown[] }).prefixItems ?? SalesRow.items;

    expect(items).toHaveLength(SALES_COLUMNS.length);
    expect((items as unknown[]).slice(3)).toEqual(MEASURE_FIELDS.map((field) => MeasureFields[field]));
  });
});
