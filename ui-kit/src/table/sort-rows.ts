export type SortDirection = 'asc' | 'desc';

export interface TableSort {
  readonly key: string;
  readonly direction: SortDirection;
}

/** The sort a click on column `key`'s header asks for: ascending first, then the other way. */
export function nextSort(current: TableSort | undefined, key: string): TableSort {
  return current?.key === key && current.direction === 'asc' ? { key, direction: 'desc' } : { key, direction: 'asc' };
}

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** a before b? Numbers by value, text as people sort it ("Item 2" before "Item 10"), missing values last. */
export function compareValues(a: string | number | undefined, b: string | number | undefined): number {
  if (a === b) return 0;
  if (a === undefined || a === '') return 1;
  if (b === undefined || b === '') return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return collator.compare(String(a), String(b));
}

/** The rows in the order of `valueOf`, ascending or descending; equal rows keep their order (a stable sort). */
export function sortRows<Row>(rows: readonly Row[], valueOf: (row: Row) => string | number | undefined, direction: SortDirection): Row[] {
  const keyed = rows.map((row, index) => ({ row, index, value: valueOf(row) }));
  const sign = direction === 'asc' ? 1 : -1;
  keyed.sort((a, b) => {
    // Missing values stay last whichever the direction.
    const missingA = a.value === undefined || a.value === '';
    const missingB = b.value === undefined || b.value === '';
    if (missingA !== missingB) return missingA ? 1 : -1;
    return sign * compareValues(a.value, b.value) || a.index - b.index;
  });
  return keyed.map((entry) => entry.row);
}
