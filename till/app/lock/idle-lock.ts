import { useEffect, useState } from 'preact/hooks';

const LOCK_AFTER_KEY = 'kits.till.lockAfterSeconds';
/** Minutes of no touch, click or key before the till locks, unless the device is set otherwise. */
const DEFAULT_LOCK_AFTER_SECONDS = 5 * 60;

/** How long this till waits before it locks itself (a device setting kept on the till). */
export function lockAfterMs(): number {
  const seconds = Number(localStorage.getItem(LOCK_AFTER_KEY));
  return (Number.isFinite(seconds) && seconds > 0 ? seconds : DEFAULT_LOCK_AFTER_SECONDS) * 1000;
}

/** Sets how long this till waits before it locks itself. */
export function setLockAfterMinutes(minutes: number): void {
  localStorage.setItem(LOCK_AFTER_KEY, String(Math.round(minutes * 60)));
}

const ACTIVITY = ['keydown', 'pointerdown', 'touchstart', 'wheel'] as const;

/** True once nobody has touched the till for `afterMs()` (asked at each touch: the setting may change); `unlock()` starts counting again. */
export function useIdleLock(active: boolean, afterMs: () => number): { locked: boolean; lock: () => void; unlock: () => void } {
  const [locked, setLocked] = useState(false);
  useEffect(() => {
    if (!active || locked) return;
    let timer = setTimeout(() => setLocked(true), afterMs());
    const onActivity = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setLocked(true), afterMs());
    };
    for (const type of ACTIVITY) window.addEventListener(type, onActivity, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, onActivity, { capture: true });
    };
  }, [active, locked]);
  return { locked, lock: () => setLocked(true), unlock: () => setLocked(false) };
}
