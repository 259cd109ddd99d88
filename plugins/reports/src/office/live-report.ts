import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/** A report that keeps itself fresh: the last answer, the last failure, when it was last updated, and whether it is polling. */
export interface LiveReport<Report> {
  readonly data: Report | undefined;
  readonly error: unknown;
  /** When the last answer came (the browser's clock). */
  readonly updatedAt: Date | undefined;
  /** Polling: the tab is visible. */
  readonly live: boolean;
  reload(): void;
}

const visible = () => document.visibilityState === 'visible';

/**
 * Loads the report now, then again `everyMs` after each answer, while the tab is visible: a hidden
 * tab asks nothing, and asks at once when it is shown again. One request at a time; a change of
 * `deps` (another location) starts over and aborts the request under way.
 */
export function useLiveReport<Report>(
  load: (signal: AbortSignal) => Promise<Report>,
  deps: readonly unknown[],
  everyMs = 5_000,
): LiveReport<Report> {
  const [state, setState] = useState<{ data: Report | undefined; error: unknown; updatedAt: Date | undefined }>({
    data: undefined,
    error: undefined,
    updatedAt: undefined,
  });
  const [live, setLive] = useState(visible);
  const [round, setRound] = useState(0);
  const latest = useRef(load);
  latest.current = load;

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let running: AbortController | undefined;
    let stopped = false;

    const ask = async () => {
      timer = undefined;
      if (stopped || running || !visible()) return;
      const controller = new AbortController();
      running = controller;
      try {
        const data = await latest.current(controller.signal);
        if (!controller.signal.aborted) setState({ data, error: undefined, updatedAt: new Date() });
      } catch (error) {
        if (!controller.signal.aborted) setState((before) => ({ ...before, error }));
      } finally {
        running = undefined;
      }
      if (!stopped && visible()) timer = setTimeout(() => void ask(), everyMs);
    };
    const onVisibility = () => {
      setLive(visible());
      if (visible()) {
        if (!timer && !running) void ask();
      } else if (timer) {
        clearTimeout(timer);
        timer = undefined;
      }
    };

    document.addEventListener('visibilitychange', onVisibility);
    void ask();
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      if (timer) clearTimeout(timer);
      running?.abort();
    };
    // the caller names what the load depends on
  }, [...deps, everyMs, round]);

  const reload = useCallback(() => setRound((n) => n + 1), []);
  return { ...state, live, reload };
}
