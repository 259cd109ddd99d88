import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TILL_URL,
  isNavigationAllowed,
  keepOnTillOrigin,
  tillUrlFromEnvironment,
  windowOptions,
  type GuardedWebContents,
} from '../../electron/window.ts';

const TILL_URL = new URL('http://192.168.1.10:3000/till/');

describe('the till window', () => {
  it('runs the page isolated and sandboxed, with no Node, and the compiled preload', () => {
    const options = windowOptions('/opt/kits/dist-electron/preload/preload.js');

    expect(options.webPreferences).toMatchObject({
      preload: '/opt/kits/dist-electron/preload/preload.js',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      sandbox: true,
      webSecurity: true,
      allowRunningInsecureContent: false,
    });
  });

  it.each([
    ['another page of the till', 'http://192.168.1.10:3000/till/#/checkout', true],
    ['the kernel on the same origin', 'http://192.168.1.10:3000/api/health', true],
    ['another site', 'https://evil.example/till/', false],
    ['another port of the same host', 'http://192.168.1.10:3001/till/', false],
    ['https instead of http', 'https://192.168.1.10:3000/till/', false],
    ['a file', 'file:///etc/passwd', false],
    ['a data URL', 'data:text/html,<h1>hi</h1>', false],
    ['javascript', 'javascript:alert(1)', false],
    ['text that is not a URL', 'not a url', false],
  ])('may go to %s: %s → %s', (_case, target, allowed) => {
    expect(isNavigationAllowed(target, TILL_URL)).toBe(allowed);
  });

  it('stops navigations and redirects away from the till origin, lets its own through, and opens no pop-ups', () => {
    const listeners = new Map<string, (details: { url: string; preventDefault(): void }) => void>();
    let windowOpenHandler: ((details: { url: string }) => { action: 'deny' }) | undefined;
    const contents: GuardedWebContents = {
      on(event, listener) {
        listeners.set(event, listener);
      },
      setWindowOpenHandler(handler) {
        windowOpenHandler = handler;
      },
    };
    const navigate = (event: string, url: string): boolean => {
      let prevented = false;
      listeners.get(event)?.({ url, preventDefault: () => (prevented = true) });
      return prevented;
    };

    keepOnTillOrigin(contents, TILL_URL);

    expect([...listeners.keys()].sort()).toEqual(['will-navigate', 'will-redirect']);
    expect(navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(navigate('will-navigate', 'http://192.168.1.10:3000/till/#/stock')).toBe(false);
    expect(navigate('will-redirect', 'http://192.168.1.10:3000/till/')).toBe(false);
    expect(windowOpenHandler?.({ url: 'http://192.168.1.10:3000/till/' })).toEqual({ action: 'deny' });
    expect(windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('loads KITS_TILL_URL, or the local kernel when it is unset or blank', () => {
    expect(tillUrlFromEnvironment({ KITS_TILL_URL: 'https://shop.example/till/' }).href).toBe('https://shop.example/till/');
    expect(tillUrlFromEnvironment({}).href).toBe(DEFAULT_TILL_URL);
    expect(tillUrlFromEnvironment({ KITS_TILL_URL: '  ' }).href).toBe('http://127.0.0.1:3000/till/');
  });

  it.each([
    ['a host and port without a scheme', 'kernel:3000/till', 'KITS_TILL_URL must be an http or https URL'],
    ['no URL at all', 'till page', 'KITS_TILL_URL is not a URL: "till page". Set it like http://192.168.1.10:3000/till/'],
    [
      'a file URL',
      'file:///opt/kits/till/index.html',
      'KITS_TILL_URL must be an http or https URL of the kernel\'s /till/ page, got "file:///opt/kits/till/index.html"',
    ],
  ])('refuses a KITS_TILL_URL that is %s, saying how to set it', (_case, value, message) => {
    expect(() => tillUrlFromEnvironment({ KITS_TILL_URL: value })).toThrow(message);
  });
});
