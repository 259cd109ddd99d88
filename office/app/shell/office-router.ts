import { useEffect, useState } from 'preact/hooks';

/** Where the office is served: every office path lives below it. */
export const OFFICE_BASE = '/office';

/** The office path of a URL path (`/office/core-inventory/products` → `/core-inventory/products`). */
export function officePath(pathname: string): string {
  const rest = pathname.startsWith(OFFICE_BASE) ? pathname.slice(OFFICE_BASE.length) : pathname;
  return rest.replace(/\/+$/, '') || '/';
}

/** Opens an office path (with or without the `/office` prefix), as a link click would. */
export function navigate(path: string): void {
  const full =
    path.startsWith(`${OFFICE_BASE}/`) || path === OFFICE_BASE ? path : `${OFFICE_BASE}${path.startsWith('/') ? '' : '/'}${path}`;
  if (full === `${location.pathname}${location.search}`) return;
  history.pushState(null, '', full);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** The current office path and query; follows back/forward and `navigate`. */
export function useOfficeLocation(): { readonly path: string; readonly query: URLSearchParams } {
  const read = () => ({ path: officePath(location.pathname), query: new URLSearchParams(location.search) });
  const [current, setCurrent] = useState(read);
  useEffect(() => {
    const onChange = () => setCurrent(read());
    addEventListener('popstate', onChange);
    return () => removeEventListener('popstate', onChange);
  }, []);
  return current;
}

/**
 * Same-origin links below /office open in place (no reload), so plugins write plain
 * `<a href={ctx.href(…)}>`; a modified click (new tab) or a download is left to the browser.
 */
export function useLinkInterception(): void {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
      const url = new URL(anchor.href, location.href);
      if (url.origin !== location.origin || !(url.pathname === OFFICE_BASE || url.pathname.startsWith(`${OFFICE_BASE}/`))) return;
      if (url.pathname.startsWith(`${OFFICE_BASE}/plugins/`)) return;
      event.preventDefault();
      navigate(`${url.pathname}${url.search}`);
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, []);
}
