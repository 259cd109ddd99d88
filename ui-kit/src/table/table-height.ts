/** The height of a DataTable's header row (its rows are `rowHeight`, 40 by default). */
export const TABLE_HEADER_HEIGHT = 36;

/**
 * A DataTable height that fits `rows` rows of `rowHeight` up to `most` (then it scrolls), with room
 * for its empty state when there are none: for short lists on a record's page.
 */
export const tableHeight = (rows: number, most = 12, rowHeight = 40): number =>
  rows === 0 ? 200 : Math.min(rows, most) * rowHeight + TABLE_HEADER_HEIGHT + 10;
