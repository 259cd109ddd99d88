/** Where the kernel serves the till (vite.config.ts `base`). */
const TILL_BASE = '/till/';

/**
 * Keeps the till page and its modules on the device (see service-worker.ts), so the till opens
 * without network. Registers the service worker once; each call also hands it the till files this
 * page has loaded so far, since what loaded before the worker took over did not pass through it.
 */
export async function keepForOffline(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  try {
    await navigator.serviceWorker.register(`${TILL_BASE}service-worker.js`, { scope: TILL_BASE });
    const registration = await navigator.serviceWorker.ready;
    const loaded = performance
      .getEntriesByType('resource')
      .map((entry) => new URL(entry.name))
      .filter((url) => url.origin === location.origin && url.pathname.startsWith(TILL_BASE))
      .map((url) => url.pathname);
    registration.active?.postMessage({ keep: [...new Set(loaded)] });
  } catch (error) {
    console.error(`The till cannot keep itself for offline use: ${(error as Error).message}`);
  }
}
