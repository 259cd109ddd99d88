/** The rows a virtual list draws: `first` up to (not including) `last`, the body's full height, and where row `first` sits. */
export interface RowWindow {
  readonly first: number;
  readonly last: number;
  readonly offsetTop: number;
  readonly totalHeight: number;
}

/**
 * Which rows are on screen (plus `overscan` rows either side, so a quick scroll shows no gap),
 * for rows of a fixed `rowHeight` in a viewport `viewportHeight` tall scrolled to `scrollTop`.
 * A scroll past the end (a list that just got shorter) shows its last rows.
 */
export function rowWindow(input: {
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  rowCount: number;
  overscan?: number;
}): RowWindow {
  const { rowHeight, rowCount } = input;
  const overscan = input.overscan ?? 6;
  const totalHeight = rowCount * rowHeight;
  if (rowCount === 0 || rowHeight <= 0) return { first: 0, last: 0, offsetTop: 0, totalHeight: 0 };
  const viewportHeight = Math.max(0, input.viewportHeight);
  const scrollTop = Math.min(Math.max(0, input.scrollTop), Math.max(0, totalHeight - viewportHeight));
  const firstVisible = Math.floor(scrollTop / rowHeight);
  const visibleCount = Math.ceil((scrollTop + viewportHeight) / rowHeight) - firstVisible;
  const first = Math.max(0, firstVisible - overscan);
  const last = Math.min(rowCount, firstVisible + Math.max(1, visibleCount) + overscan);
  return { first, last, offsetTop: first * rowHeight, totalHeight };
}

/**
 * The scrollTop that brings row `index` fully into a viewport of `viewportHeight` (minus a sticky
 * header of `headerHeight`), moving as little as possible; undefined when it is already in view.
 */
export function scrollToReveal(input: {
  index: number;
  scrollTop: number;
  viewportHeight: number;
  rowHeight: number;
  headerHeight?: number;
}): number | undefined {
  const { index, scrollTop, rowHeight } = input;
  const visibleHeight = input.viewportHeight - (input.headerHeight ?? 0);
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + visibleHeight) return bottom - visibleHeight;
  return undefined;
}

/** Whether the rows drawn reach within `threshold` rows of the end: time to load the next page. */
export function nearEnd(window: RowWindow, rowCount: number, threshold = 10): boolean {
  return rowCount > 0 && window.last >= rowCount - threshold;
}
