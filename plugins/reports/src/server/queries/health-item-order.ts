import { badRequest, decodeCursor, encodeCursor, timestampKeySql, type SqlConditions } from '@kits/plugin-sdk';
import type { HealthItemSort, SortDirection } from '../../shared/report-types.ts';

/**
 * The order inventory health lists its items in (`sort`, `dir`), and its keyset cursor. Each sort
 * is an SQL expression over the item statement's `p` (positions), `s` (shrinkage) and `d` (sold in
 * the window, joined only for the sorts that need it); ties, and items the sort has no value for
 * (never sold, nothing sold: last, whichever the direction), go by location and variant.
 */

interface SortExpression {
  readonly sql: string;
  /** How a value is compared when a cursor comes back. */
  readonly type: 'numeric' | 'timestamptz';
  /** It reads what sold in the window (`d.units`). */
  readonly needsSold: boolean;
}

const SOLD = 'coalesce(d.units, 0)';
const ON_HAND = 'greatest(p.on_hand, 0)';

const SORTS: Readonly<Record<HealthItemSort, SortExpression>> = {
  stockValue: { sql: 'p.stock_value', type: 'numeric', needsSold: false },
  onHand: { sql: 'p.on_hand', type: 'numeric', needsSold: false },
  soldLast28Days: { sql: SOLD, type: 'numeric', needsSold: true },
  daysOfCover: { sql: `case when ${SOLD} > 0 then ${ON_HAND}::numeric / ${SOLD} end`, type: 'numeric', needsSold: true },
  sellThroughPercent: {
    sql: `case when ${SOLD} + ${ON_HAND} > 0 then ${SOLD}::numeric / (${SOLD} + ${ON_HAND}) end`,
    type: 'numeric',
    needsSold: true,
  },
  lastSaleAt: { sql: 'p.last_sale_at', type: 'timestamptz', needsSold: false },
  overstockUnits: { sql: 'p.overstock_units', type: 'numeric', needsSold: false },
  shrinkageUnits: { sql: 'coalesce(s.units, 0)', type: 'numeric', needsSold: false },
  shrinkageValue: { sql: 'coalesce(s.value, 0)', type: 'numeric', needsSold: false },
};

const NUMBER = /^-?\d+(\.\d+)?$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** A cursor's value when the item had none (a sort value is never empty text). */
const NONE = '';

export interface ItemOrder {
  readonly sort: HealthItemSort;
  readonly dir: SortDirection;
}

/** Whether the order needs what each item sold in the window. */
export const orderNeedsSold = (order: ItemOrder): boolean => SORTS[order.sort].needsSold;

/** The sort value as the statement answers it (text, or null), for the page's cursor. */
export function sortValueSql(order: ItemOrder): string {
  const sort = SORTS[order.sort];
  return sort.type === 'timestamptz' ? timestampKeySql(sort.sql) : `(${sort.sql})::text`;
}

/** ORDER BY of the items. */
export function orderBySql(order: ItemOrder): string {
  return `${SORTS[order.sort].sql} ${order.dir} nulls last, p.location_id, p.variant_id`;
}

/** The cursor of the last item of a page: the order it was made for, its sort value, its location and variant. */
export const itemCursor = (order: ItemOrder, value: string | null, locationId: string, variantId: string): string =>
  encodeCursor([order.sort, order.dir, value ?? NONE, locationId, variantId]);

const badCursor = () =>
  badRequest(
    'pagination.bad_cursor',
    'The cursor was handed out for another order of the items: pass the nextCursor of the previous page with the same sort and dir, or leave it out for the first page.',
    { errors: [{ field: 'querystring.cursor', message: 'is not a cursor of this order' }] },
  );

/** Adds to `statement` the condition "after the cursor's item" in `order`; nothing without a cursor. */
export function afterCursor(statement: SqlConditions, order: ItemOrder, cursor: string | undefined): void {
  const key = decodeCursor(cursor, ['text', 'text', 'text', 'uuid', 'uuid']);
  if (!key) return;
  const [sort, dir, value, locationId, variantId] = key;
  const expression = SORTS[order.sort];
  const fits = value === NONE || (expression.type === 'numeric' ? NUMBER.test(value) : TIMESTAMP.test(value));
  if (sort !== order.sort || dir !== order.dir || !fits) throw badCursor();
  const later = `(p.location_id, p.variant_id) > (${statement.param(locationId)}::uuid, ${statement.param(variantId)}::uuid)`;
  if (value === NONE) {
    statement.and(`(${expression.sql} is null and ${later})`);
    return;
  }
  const at = `${statement.param(value)}::${expression.type}`;
  const beyond = order.dir === 'desc' ? '<' : '>';
  statement.and(`(${expression.sql} ${beyond} ${at} or (${expression.sql} = ${at} and ${later}) or ${expression.sql} is null)`);
}
