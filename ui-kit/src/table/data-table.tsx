import { TABLE_HEADER_HEIGHT } from './table-height.ts';
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { EmptyState } from '../feedback/empty-state.tsx';
import { Spinner } from '../feedback/spinner.tsx';
import { nextSort, sortRows, type TableSort } from './sort-rows.ts';
import { nearEnd, rowWindow, scrollToReveal } from './virtual-rows.ts';

export interface Column<Row> {
  readonly key: string;
  readonly title: ComponentChildren;
  /** A CSS grid track: '2fr', '120px', 'minmax(120px, 1fr)'. Default '1fr'. */
  readonly width?: string;
  /** 'end' for amounts and counts (right-aligned in left-to-right text, tabular digits). */
  readonly align?: 'start' | 'end';
  readonly render?: (row: Row) => ComponentChildren;
  /** What the column sorts by in the browser (client-side sort). */
  readonly sortValue?: (row: Row) => string | number | undefined;
  /** Whether the header sorts; by default when the column has a sortValue. */
  readonly sortable?: boolean;
}

export interface DataTableProps<Row> {
  /** What the table lists ("Products"): its accessible name. */
  label: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  onRowClick?: (row: Row) => void;
  /** Each row is a link to this address (the record's page). */
  rowHref?: (row: Row) => string;
  sort?: TableSort;
  /** Given: the server sorts (the table shows `sort` and reports clicks). Not given: the table sorts by sortValue. */
  onSort?: (sort: TableSort) => void;
  /** Called when the rows drawn come near the end: load the next page. Once per length of `rows`. */
  onEndReached?: () => void;
  loading?: boolean;
  empty?: ComponentChildren;
  height?: number | string;
  rowHeight?: number;
  /** A checkbox per row; `selected` holds the keys ticked, `onSelect` hears the new set. */
  selectable?: boolean;
  selected?: ReadonlySet<string>;
  onSelect?: (keys: ReadonlySet<string>) => void;
}

const HEADER_HEIGHT = TABLE_HEADER_HEIGHT;
const ariaSort = { asc: 'ascending', desc: 'descending' } as const;

/**
 * A list of records as a grid, built for long lists: only the rows in view exist in the page
 * (100,000 rows scroll like 100), the header stays on top, a header click sorts (aria-sort), and
 * the keyboard works — ArrowUp/Down, PageUp/Down, Home/End move the active row, Enter opens it,
 * Space ticks it when the table is selectable.
 */
export function DataTable<Row>(props: DataTableProps<Row>) {
  const { label, columns, rows, rowKey, onRowClick, rowHref, onSort, onEndReached, loading, empty, selectable, selected, onSelect } = props;
  const rowHeight = props.rowHeight ?? 40;
  const scroller = useRef<HTMLDivElement>(null);
  const id = useId();
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const [active, setActive] = useState<number | undefined>(undefined);
  const [ownSort, setOwnSort] = useState<TableSort | undefined>(props.sort);
  const sort = onSort ? props.sort : ownSort;

  const shown = useMemo(() => {
    if (onSort || !sort) return rows;
    const column = columns.find((candidate) => candidate.key === sort.key);
    if (!column) return rows;
    const valueOf =
      column.sortValue ??
      ((row: Row) => {
        const value = (row as Record<string, unknown>)[column.key];
        return typeof value === 'number' || typeof value === 'string' ? value : undefined;
      });
    return sortRows(rows, valueOf, sort.direction);
  }, [rows, sort, onSort, columns]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewportHeight(element.clientHeight);
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const view = rowWindow({ scrollTop, viewportHeight: viewportHeight - HEADER_HEIGHT, rowHeight, rowCount: shown.length });

  // Ask for the next page once per length of the list, so a slow answer is not asked for twice.
  const askedAt = useRef(-1);
  useEffect(() => {
    if (!onEndReached || loading || !nearEnd(view, shown.length) || askedAt.current === shown.length) return;
    askedAt.current = shown.length;
    onEndReached();
  }, [view.last, shown.length, loading]);

  const activeIndex = active !== undefined && active < shown.length ? active : undefined;

  const moveTo = (index: number) => {
    if (shown.length === 0) return;
    const next = Math.min(shown.length - 1, Math.max(0, index));
    setActive(next);
    const element = scroller.current;
    if (!element) return;
    const top = scrollToReveal({
      index: next,
      scrollTop: element.scrollTop,
      viewportHeight: element.clientHeight,
      rowHeight,
      headerHeight: HEADER_HEIGHT,
    });
    if (top !== undefined) {
      element.scrollTop = top;
      setScrollTop(top);
    }
  };

  const rowId = (index: number) => `${id}-row-${index}`;
  const open = (index: number) => {
    const row = shown[index];
    if (row === undefined) return;
    if (onRowClick) onRowClick(row);
    // A link row opens as a click on it would, so the app's own navigation handles it.
    else if (rowHref) document.getElementById(rowId(index))?.querySelector<HTMLAnchorElement>('a.k-table__row-link')?.click();
  };
  const toggle = (row: Row) => {
    if (!onSelect) return;
    const key = rowKey(row);
    const next = new Set(selected ?? []);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    onSelect(next);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((viewportHeight - HEADER_HEIGHT) / rowHeight) - 1);
    // With no active row yet, the keys start from the rows in view, not from the top of the list.
    const from = activeIndex ?? Math.ceil(scrollTop / rowHeight) - 1;
    const moves: Record<string, number> = {
      ArrowDown: from + 1,
      ArrowUp: activeIndex === undefined ? from + 1 : from - 1,
      PageDown: from + page,
      PageUp: from - page,
      Home: 0,
      End: shown.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      moveTo(target);
    } else if (event.key === 'Enter' && activeIndex !== undefined) {
      event.preventDefault();
      open(activeIndex);
    } else if (event.key === ' ' && selectable && activeIndex !== undefined) {
      event.preventDefault();
      const row = shown[activeIndex];
      if (row !== undefined) toggle(row);
    }
  };

  const tracks = `${selectable ? '40px ' : ''}${columns.map((column) => column.width ?? 'minmax(0, 1fr)').join(' ')}`;
  const minWidth = tableMinWidth(columns, selectable ?? false);
  const interactive = Boolean(onRowClick || rowHref);
  const allKeys = selectable ? shown.map(rowKey) : [];
  const allTicked = selectable && allKeys.length > 0 && allKeys.every((key) => selected?.has(key));

  const drawn = [];
  for (let index = view.first; index < view.last; index++) {
    const row = shown[index]!;
    const key = rowKey(row);
    const ticked = selected?.has(key) ?? false;
    const href = rowHref?.(row);
    drawn.push(
      <div
        key={key}
        id={rowId(index)}
        role="row"
        aria-rowindex={index + 2}
        aria-selected={selectable ? ticked : undefined}
        data-row-key={key}
        class={`k-table__row${interactive ? ' k-table__row--interactive' : ''}${index === activeIndex ? ' k-table__row--active' : ''}`}
        style={{ top: `${index * rowHeight}px`, height: `${rowHeight}px`, gridTemplateColumns: tracks }}
        onClick={() => {
          setActive(index);
          onRowClick?.(row);
        }}
      >
        {selectable && (
          <div role="gridcell" class="k-table__cell k-table__cell--control">
            <input
              type="checkbox"
              tabIndex={-1}
              aria-label="Select row"
              checked={ticked}
              onClick={(event) => event.stopPropagation()}
              onChange={() => toggle(row)}
            />
          </div>
        )}
        {columns.map((column, at) => {
          const content = column.render ? column.render(row) : String((row as Record<string, unknown>)[column.key] ?? '');
          return (
            <div key={column.key} role="gridcell" class={`k-table__cell${column.align === 'end' ? ' k-table__cell--end' : ''}`}>
              {/* A link row: the first cell's link covers the whole row (CSS), so the row opens like a link anywhere. */}
              {href !== undefined && at === 0 ? (
                <a class="k-table__row-link" href={href} tabIndex={-1}>
                  {content}
                </a>
              ) : (
                content
              )}
            </div>
          );
        })}
      </div>,
    );
  }

  const status = loading ? (
    <Spinner label="Loading…" />
  ) : shown.length === 0 ? (
    <div class="k-table__empty">{empty ?? <EmptyState title="Nothing here yet" />}</div>
  ) : null;

  return (
    <div class="k-table" style={{ height: typeof props.height === 'number' ? `${props.height}px` : (props.height ?? '60vh') }}>
      <div
        ref={scroller}
        class="k-table__scroller"
        role="grid"
        aria-label={label}
        aria-rowcount={shown.length + 1}
        aria-colcount={columns.length + (selectable ? 1 : 0)}
        aria-busy={loading ? true : undefined}
        aria-activedescendant={activeIndex !== undefined ? rowId(activeIndex) : undefined}
        tabIndex={0}
        onKeyDown={onKeyDown}
        onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
      >
        <div class="k-table__content" style={{ minWidth: `max(100%, ${minWidth}px)` }}>
          <div class="k-table__head" role="rowgroup">
            <div class="k-table__row" role="row" aria-rowindex={1} style={{ gridTemplateColumns: tracks }}>
              {selectable && (
                <div role="columnheader" class="k-table__header-cell">
                  <input
                    type="checkbox"
                    aria-label="Select all rows"
                    checked={allTicked}
                    onChange={() => onSelect?.(allTicked ? new Set() : new Set(allKeys))}
                  />
                </div>
              )}
              {columns.map((column) => {
                const sortable = column.sortable ?? Boolean(column.sortValue);
                const direction = sort?.key === column.key ? sort.direction : undefined;
                return (
                  <div
                    key={column.key}
                    role="columnheader"
                    class={`k-table__header-cell${column.align === 'end' ? ' k-table__header-cell--end' : ''}`}
                    aria-sort={sortable ? (direction ? ariaSort[direction] : 'none') : undefined}
                  >
                    {sortable ? (
                      <button
                        type="button"
                        class="k-table__sort"
                        onClick={() => {
                          const next = nextSort(sort, column.key);
                          if (onSort) onSort(next);
                          else setOwnSort(next);
                        }}
                      >
                        <span>{column.title}</span>
                        <span class="k-table__sort-mark" aria-hidden="true">
                          {direction === 'desc' ? '▼' : '▲'}
                        </span>
                      </button>
                    ) : (
                      column.title
                    )}
                  </div>
                );
              })}
            </div>
          </div>
          <div
            class="k-table__body"
            role="rowgroup"
            style={{ height: `${view.totalHeight + (status ? Math.max(rowHeight, shown.length === 0 ? 160 : 0) : 0)}px` }}
          >
            {drawn}
            {status && (
              <div class="k-table__row k-table__status" role="row" style={{ top: `${view.totalHeight}px`, minHeight: `${rowHeight}px` }}>
                <div role="gridcell" style={{ gridColumn: '1 / -1' }}>
                  {status}
                </div>
              </div>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

/**
 * How wide the columns need to be at least: their pixel tracks ('120px', 'minmax(160px, 2fr)')
 * and 96px for a track without one. Narrower than that, the table scrolls sideways instead of
 * squeezing the columns into each other.
 */
export function tableMinWidth(columns: readonly { readonly width?: string }[], selectable: boolean): number {
  const least = (width: string | undefined) => {
    const pixels = width?.match(/(\d+(?:\.\d+)?)px/);
    return pixels ? Number(pixels[1]) : 96;
  };
  return columns.reduce((sum, column) => sum + least(column.width), selectable ? 40 : 0);
}
