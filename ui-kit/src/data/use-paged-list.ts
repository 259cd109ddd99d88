import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** One page of a kernel list: its items and the cursor of the next page (`null` or absent on the last). */
export interface ListPage<T> {
  readonly items: readonly T[];
  readonly nextCursor?: string | null;
}

/** A list loaded page by page as the table scrolls. */
export interface PagedList<T> {
  readonly items: readonly T[];
  readonly loading: boolean;
  /** The last failure (of the first page, or of a next one: then `items` keeps what had loaded). */
  readonly error: unknown;
  /** Whether the kernel has more pages. */
  readonly more: boolean;
  /** Loads the next page, once; nothing while one loads or when there is none. For `DataTable`'s `onEndReached`. */
  loadMore(): void;
  /** Loads from the first page again. */
  reload(): void;
}

interface State<T> {
  items: readonly T[];
  cursor: string | null;
  loading: boolean;
  error: unknown;
}

/**
 * Loads the first page when the component mounts and whenever `deps` change (the rows
 * of the query before stay until the new one's first page replaces them), then the next page on
 * `loadMore`. A load made stale by a newer query is aborted and ignored.
 */
export function usePagedList<T>(
  load: (cursor: string | undefined, signal: AbortSignal) => Promise<ListPage<T>>,
  deps: readonly unknown[],
): PagedList<T> {
  const [state, setState] = useState<State<T>>({ items: [], cursor: null, loading: true, error: undefined });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;
  const query = useRef<AbortController | undefined>(undefined);
  const paging = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    query.current = controller;
    paging.current = false;
    // The rows of the query before stay until the new query's first page replaces them.
    setState((before) => ({ items: before.items, cursor: null, loading: true, error: undefined }));
    latest.current(undefined, controller.signal).then(
      (page) => {
        if (!controller.signal.aborted) setState({ items: page.items, cursor: page.nextCursor ?? null, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setState({ items: [], cursor: null, loading: false, error });
      },
    );
    return () => controller.abort();
    // the caller names what the query depends on
  }, [...deps, round]);

  const current = useRef(state);
  current.current = state;

  const loadMore = useCallback(() => {
    const controller = query.current;
    const { cursor, loading } = current.current;
    if (!controller || cursor === null || loading || paging.current) return;
    paging.current = true;
    setState((before) => ({ ...before, loading: true, error: undefined }));
    latest.current(cursor, controller.signal).then(
      (page) => {
        paging.current = false;
        if (!controller.signal.aborted)
          setState((before) => ({ items: [...before.items, ...page.items], cursor: page.nextCursor ?? null, loading: false, error: undefined }));
      },
      (error: unknown) => {
        paging.current = false;
        if (!controller.signal.aborted) setState((before) => ({ ...before, loading: false, error }));
      },
    );
  }, []);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { items: state.items, loading: state.loading, error: state.error, more: state.cursor !== null, loadMore, reload };
}
