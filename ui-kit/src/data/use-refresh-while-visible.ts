import { useEffect } from 'preact/hooks';

/**
 * Calls `refresh` every `everyMs` while the tab is visible, and at once when it becomes visible
 * again: for pages whose figures change on their own (a sync, an export), and a hidden tab asks nothing.
 */
export function useRefreshWhileVisible(refresh: () => void, everyMs: number): void {
  useEffect(() => {
    let timer: ReturnType<typeof setInterval> | undefined;
    const start = () => {
      stop();
      timer = setInterval(refresh, everyMs);
    };
    const stop = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') {
        refresh();
        start();
      } else stop();
    };
    if (document.visibilityState === 'visible') start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, [everyMs]);
}
