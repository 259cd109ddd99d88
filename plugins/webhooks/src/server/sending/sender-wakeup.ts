/**
 * Which tenants the sender of this kernel process should look at now: the event handler wakes it
 * once recorded deliveries have committed, and the sender itself when an endpoint's slot frees up.
 * One per registered plugin instance (two kernels in one process each have their own).
 */
export class SenderWakeup {
  readonly #tenants = new Set<string>();
  #waiting: (() => void) | undefined;

  wake(tenantId: string): void {
    this.#tenants.add(tenantId);
    this.#waiting?.();
  }

  /** The tenants woken since the last call (and forgets them). */
  take(): ReadonlySet<string> {
    const woken = new Set(this.#tenants);
    this.#tenants.clear();
    return woken;
  }

  /** Resolves at once when a tenant is waiting, else when one is woken, after `ms`, or when `signal` aborts. */
  wait(ms: number, signal: AbortSignal): Promise<void> {
    if (this.#tenants.size > 0 || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.#waiting === done) this.#waiting = undefined;
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      this.#waiting = done;
      signal.addEventListener('abort', done, { once: true });
    });
  }
}
