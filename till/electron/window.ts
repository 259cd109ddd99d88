import type { BrowserWindowConstructorOptions } from 'electron';

/** Where the till app is served when `KITS_TILL_URL` is not set: a kernel on this machine. */
export const DEFAULT_TILL_URL = 'http://127.0.0.1:3000/till/';

/** The till page to load: `KITS_TILL_URL`, or the local kernel's `/till/`. */
export function tillUrlFromEnvironment(env: Readonly<Record<string, string | undefined>>): URL {
  const configured = env['KITS_TILL_URL']?.trim();
  const text = configured === undefined || configured === '' ? DEFAULT_TILL_URL : configured;
  let url: URL;
  try {
    url = new URL(text);
  } catch (error) {
    throw new Error(`KITS_TILL_URL is not a URL: ${JSON.stringify(text)}. Set it like http://192.168.1.10:3000/till/`, { cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`KITS_TILL_URL must be an http or https URL of the kernel's /till/ page, got ${JSON.stringify(text)}`);
  }
  return url;
}

/**
 * The till window: the page runs as a sandboxed web page with no Node, isolated from the preload,
 * which gives it only `window.kitsTill`.
 */
export function windowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 800,
    minWidth: 800,
    minHeight: 600,
    title: 'KiTS POS',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  };
}

/** Whether the till window may go to `target`: only pages of the till's own origin. */
export function isNavigationAllowed(target: string, tillUrl: URL): boolean {
  if (!URL.canParse(target)) return false;
  return new URL(target).origin === tillUrl.origin;
}

/** The part of Electron's `webContents` the navigation guard needs. */
export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (details: { readonly url: string; preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { readonly url: string }) => { action: 'deny' }): void;
}

/** Keeps the window on the till's origin: other navigations and redirects are stopped, pop-ups never open. */
export function keepOnTillOrigin(contents: GuardedWebContents, tillUrl: URL): void {
  const stopIfForeign = (details: { readonly url: string; preventDefault(): void }): void => {
    if (!isNavigationAllowed(details.url, tillUrl)) details.preventDefault();
  };
  contents.on('will-navigate', stopIfForeign);
  contents.on('will-redirect', stopIfForeign);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
