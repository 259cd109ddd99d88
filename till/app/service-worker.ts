/// <reference lib="webworker" />
/**
 * The till's service worker: keeps what the till page is made of (the page, its assets, the shared
 * modules, the plugins' till bundles) so a till reloaded or restarted without network — or with the
 * kernel down — still opens, and its cashiers sign in with their PIN and sell. The API is never
 * cached: data lives in the till's own database.
 */
declare const self: ServiceWorkerGlobalScope;

const CACHE = 'kits-till-v1';
const BASE = new URL('./', self.location.href).pathname; // `/till/`
/** How long a page load waits for the kernel before it opens the kept page. */
const NETWORK_WAIT_MS = 3_000;

self.addEventListener('install', (event) => {
  // The page and what it names (its script, styles and the shared modules of its import map), at once.
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const page = await fetch(BASE);
      const html = await page.clone().text();
      await cache.put(BASE, page);
      const named = [...html.matchAll(/(?:src|href)="([^"]+)"|"(\/[^"]+\.js)"/g)].map((match) => match[1] ?? match[2]!);
      await cache.addAll([...new Set(named.filter((path) => path.startsWith(BASE)))]);
      await self.skipWaiting();
    })(),
  );
});

// The page tells what it loaded before this worker took over (plugin bundles, say): keep those too.
self.addEventListener('message', (event) => {
  const keep = (event.data as { keep?: unknown } | null)?.keep;
  if (!Array.isArray(keep)) return;
  const paths = keep.filter((path): path is string => typeof path === 'string' && path.startsWith(BASE));
  event.waitUntil(caches.open(CACHE).then((cache) => Promise.all(paths.map((path) => cache.add(path).catch(() => undefined)))));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim()),
  );
});

/** The network within `NETWORK_WAIT_MS`, or what was kept; what the network answers is kept for next time. */
async function networkFirst(request: Request, keyFor: Request | string): Promise<Response> {
  const cache = await caches.open(CACHE);
  try {
    const response = await Promise.race([
      fetch(request),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the kernel is slow to answer')), NETWORK_WAIT_MS)),
    ]);
    if (response.ok) await cache.put(keyFor, response.clone());
    return response;
  } catch (failure) {
    const kept = await cache.match(keyFor);
    if (kept) return kept;
    throw failure;
  }
}

/** What was kept, at once, refreshed from the network behind it; the network when nothing was kept. */
async function keptThenRefresh(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  const refreshed = fetch(request)
    .then(async (response) => {
      if (response.ok) await cache.put(request, response.clone());
      return response;
    })
    .catch(() => undefined);
  if (kept) return kept;
  const response = await refreshed;
  if (!response) throw new Error(`${request.url} was never loaded while online.`);
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith(BASE)) return;
  if (request.mode === 'navigate') {
    // Every path of the single-page app is the same page.
    event.respondWith(networkFirst(request, BASE));
  } else if (url.pathname.startsWith(`${BASE}assets/`)) {
    // Named by their content's hash: what was kept is right.
    event.respondWith(keptThenRefresh(request));
  } else {
    // Shared modules and plugins' till bundles: the newest when the kernel answers, else what was kept.
    event.respondWith(networkFirst(request, request));
  }
});
