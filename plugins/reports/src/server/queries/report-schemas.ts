import {
  CalendarDate,
  Nullable,
  NullableInteger,
  NullableNumber,
  PageCursor,
  PageLimit,
  Timestamp,
  Type,
  Uuid,
  type Static,
  type TSchema,
} from '@kits/plugin-sdk';
import {
  HEALTH_ITEM_FILTERS,
  HEALTH_ITEM_SORTS,
  SALES_BASES,
  SORT_DIRECTIONS,
  SALES_BUCKETS,
  SALES_GROUPINGS,
  type DashboardReport,
  type InventoryHealthReport,
} from '../../shared/report-types.ts';
import { SALES_COLUMNS, type SalesAnswer as SalesAnswerType } from '../../shared/sales-answer.ts';

/** The report routes' query strings and answers, for validation and the OpenAPI document. */

const oneOf = <const Values extends string[]>(values: readonly [...Values], description: string) => Type.Enum(values, { description });

const Format = Type.Optional(
  Type.Union([Type.Literal('json'), Type.Literal('csv')], { description: 'json (default), or csv for a download with the same rows' }),
);
const LocationFilter = Type.Optional(Type.With(Uuid, { description: 'One location; leave out for every location you may see reports of' }));

export const SalesQuery = Type.Object(
  {
    from: Type.With(CalendarDate, { description: 'First local date, inclusive (the shop’s time zone)' }),
    to: Type.With(CalendarDate, {
      description:
        'Last local date, inclusive; the period is at most 31 days by hour, 366 by product (732 by product and month once the shop’s day rollups are ready) and 732 otherwise',
    }),
    by: Type.Optional(oneOf(SALES_BUCKETS, 'Bucket size: hour, day (default), ISO week or month')),
    group: Type.Optional(oneOf(SALES_GROUPINGS, 'Rows per location, till, cashier, category, product or tender method; none (default)')),
    basis: Type.Optional(oneOf(SALES_BASES, 'happened (default): when the till made the sale; arrived: when the server took it')),
    compare: Type.Optional(Type.Literal('previous', { description: 'Add the period of the same length just before' })),
    locationId: LocationFilter,
    format: Format,
  },
  { additionalProperties: false },
);

export const InventoryHealthQuery = Type.Object(
  {
    locationId: LocationFilter,
    deadStockDays: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 730,
        description: 'Stock with no sale in this many days is dead (default: the deadStockDays setting)',
      }),
    ),
    show: Type.Optional(
      oneOf(HEALTH_ITEM_FILTERS, 'List every item (default), or only dead, overstocked or shrinking ones; totals cover every item'),
    ),
    sort: Type.Optional(oneOf(HEALTH_ITEM_SORTS, 'Order the items by this field (default stockValue); ties by location and variant')),
    dir: Type.Optional(
      oneOf(SORT_DIRECTIONS, 'desc (default): highest first; asc: lowest first. Items without a value for the sort come last'),
    ),
    limit: Type.Optional(PageLimit),
    cursor: Type.Optional(PageCursor),
    format: Format,
  },
  { additionalProperties: false },
);

export const DashboardQuery = Type.Object({ locationId: LocationFilter, format: Format }, { additionalProperties: false });

const Money = (description: string) => Type.Integer({ description: `${description}, minor units of meta.currency` });
// Figures are type lists, not anyOf: a 90-day report by location serialises 4,000 rows of 14 (NullableInteger).
const NullableMoney = (description: string) => NullableInteger({ description: `${description}, minor units of meta.currency` });
const NullableCount = (description: string) => NullableInteger({ description });

const ReportMeta = {
  from: CalendarDate,
  to: CalendarDate,
  timezone: Type.String(),
  currency: Type.String(),
  locationIds: Type.Array(Uuid),
  source: Type.Union([Type.Literal('primary'), Type.Literal('replica')]),
  lagSeconds: Nullable(Type.Number()),
  generatedAt: Timestamp,
};

export const MeasureFields = {
  sales: NullableCount('Completed sales; for a tender, payments taken'),
  items: NullableCount('Units sold'),
  gross: NullableMoney('Before discounts'),
  discount: NullableMoney('Discounts given'),
  net: NullableMoney('After discounts, before tax'),
  tax: NullableMoney('Tax'),
  total: NullableMoney('What customers paid'),
  refunds: NullableCount('Refunds made; for a tender, payments paid back'),
  refundedTotal: NullableMoney('What refunds paid back'),
  cost: NullableMoney('Cost of the goods sold'),
  margin: NullableMoney('net − cost − (refunded net − refunded cost)'),
  marginBasisPoints: NullableCount('margin ÷ net × 10000'),
  basketSize: NullableMoney('net ÷ sales'),
  itemsPerBasket: NullableNumber({ description: 'items ÷ sales, two decimals' }),
};
const Measures = Type.Object(MeasureFields);

/**
 * A row's values in `columns` order: bucket, key, label, then each measure in MEASURE_FIELDS order
 * (listed here one by one so the answer's type says each; a test holds the two orders together).
 */
export const SalesRow = Type.Tuple(
  [
    Type.String({ description: "bucket: '2026-12-01' (day), '2026-W49' (week), '2026-12' (month) or '2026-12-01T09:00' (local hour)" }),
    Nullable(Type.String({ description: 'key: the group’s id (location, device, cashier, category, variant) or tender method' })),
    Nullable(Type.String({ description: 'label: what a person calls the group' })),
    MeasureFields.sales,
    MeasureFields.items,
    MeasureFields.gross,
    MeasureFields.discount,
    MeasureFields.net,
    MeasureFields.tax,
    MeasureFields.total,
    MeasureFields.refunds,
    MeasureFields.refundedTotal,
    MeasureFields.cost,
    MeasureFields.margin,
    MeasureFields.marginBasisPoints,
    MeasureFields.basketSize,
    MeasureFields.itemsPerBasket,
  ],
  { description: 'A row: its values in the order `columns` names them' },
);

export const SalesAnswer = Type.Object({
  meta: Type.Object({
    ...ReportMeta,
    by: oneOf(SALES_BUCKETS, 'bucket size'),
    group: oneOf(SALES_GROUPINGS, 'grouping'),
    basis: oneOf(SALES_BASES, 'basis'),
  }),
  totals: Measures,
  previous: Nullable(Measures),
  columns: Type.Array(oneOf(SALES_COLUMNS, 'a row value'), {
    description: 'What each value of a row is, in order: bucket, key, label, then the measures (as in totals)',
  }),
  rows: Type.Array(SalesRow),
  previousRows: Nullable(Type.Array(SalesRow)),
});

export const InventoryHealthAnswer = Type.Object({
  meta: Type.Object({ ...ReportMeta, deadStockDays: Type.Integer() }),
  totals: Type.Object({
    stockValue: Money('Stock on hand at cost'),
    units: Type.Integer(),
    deadStockValue: Money('Dead stock at cost'),
    overstockUnits: Type.Integer(),
    shrinkageUnits: Type.Integer(),
    shrinkageValue: Money('Stock lost at counts and written off, at cost'),
  }),
  byLocation: Type.Array(
    Type.Object({
      locationId: Uuid,
      label: Type.String(),
      stockValue: Money('Stock on hand at cost'),
      units: Type.Integer(),
      deadStockValue: Money('Dead stock at cost'),
      shrinkageValue: Money('Shrinkage at cost'),
    }),
  ),
  items: Type.Array(
    Type.Object({
      variantId: Uuid,
      sku: Type.String(),
      name: Type.String(),
      locationId: Uuid,
      onHand: Type.Integer(),
      unitCost: NullableMoney('Average unit cost'),
      stockValue: Money('On hand at cost'),
      soldLast28Days: Type.Integer(),
      daysOfCover: Nullable(Type.Number()),
      sellThroughPercent: Nullable(Type.Number()),
      lastSaleAt: Nullable(Timestamp),
      dead: Type.Boolean(),
      reorderMax: Nullable(Type.Integer()),
      overstockUnits: Type.Integer(),
      shrinkageUnits: Type.Integer(),
      shrinkageValue: Money('Shrinkage at cost'),
    }),
  ),
  nextCursor: Nullable(Type.String()),
});

export const DashboardAnswer = Type.Object({
  meta: Type.Object(ReportMeta),
  today: Measures,
  sameTimeLastWeek: Measures,
  hours: Type.Array(Type.Object({ hour: Type.String(), net: Money('Net'), sales: Type.Integer() })),
  topProducts: Type.Array(Type.Object({ variantId: Uuid, label: Type.String(), quantity: Type.Integer(), net: Money('Net') })),
  tenders: Type.Array(Type.Object({ method: Type.String(), amount: Money('Taken'), count: Type.Integer() })),
  lateArrivals: Type.Integer(),
  lastSaleAt: Nullable(Timestamp),
});

/** The schemas describe exactly the shared answer types (a compile error here means they drifted apart). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Describes<Schema extends TSchema, Answer> = Same<Static<Schema>, Answer>;
export const SCHEMAS_MATCH_TYPES: [
  Describes<typeof SalesAnswer, SalesAnswerType>,
  Describes<typeof InventoryHealthAnswer, InventoryHealthReport>,
  Describes<typeof DashboardAnswer, DashboardReport>,
] = [true, true, true];
