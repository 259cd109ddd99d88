import type { CredentialStore } from '../../src/auth/offline-pin.ts';

/** A device's credential store kept in memory (the till's is `localStorage`); `entries` shows what it holds. */
export const memoryStore = (): CredentialStore & { entries: Map<string, string> } => {
  const entries = new Map<string, string>();
  return {
    entries,
    getItem: (key) => entries.get(key) ?? null,
    setItem: (key, value) => void entries.set(key, value),
    removeItem: (key) => void entries.delete(key),
  };
};

/** The error an offline check refused with (undefined when it let the PIN through), for asserting its code. */
export const refusal = (promise: Promise<unknown>): Promise<(Error & { readonly code: string }) | undefined> =>
  promise.then(
    () => undefined,
    (error: unknown) => error as Error & { readonly code: string },
  );
