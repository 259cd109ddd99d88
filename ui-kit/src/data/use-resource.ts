import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** Something a page loads: the last answer (kept while it reloads), the last failure, whether a load runs, and a way to load again. */
export interface Resource<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

/**
 * Loads `load` when the component mounts and whenever `deps` change. A newer load aborts the
 * older one (its `signal`), and a stale answer is never shown.
 */
export function useResource<T>(load: (signal: AbortSignal) => Promise<T>, deps: readonly unknown[]): Resource<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: undefined,
    loading: true,
  });
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  useEffect(() => {
    const controller = new AbortController();
    setState((before) => (before.loading && before.error === undefined ? before : { ...before, error: undefined, loading: true }));
    latest
      .current(controller.signal)
      .then(
        (data) => {
          if (!controller.signal.aborted) setState({ data, error: undefined, loading: false });
        },
        (error: unknown) => {
          if (!controller.signal.aborted) setState((before) => ({ data: before.data, error, loading: false }));
        },
      );
    return () => controller.abort();
    // the caller names what the load depends on
  }, [...deps, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, reload };
}
