/**
 * The till's Electron main process: one window on the till page, the bridge's IPC handlers, and
 * the hardware they drive. The logic lives in the modules it wires; this file only connects them
 * to Electron.
 */
import { app, BrowserWindow, ipcMain, safeStorage } from 'electron';
import { fileURLToPath } from 'node:url';
import { listSerialPorts, writeToSerialPort } from '../hardware/serial-port.ts';
import { exchangeOverTcp } from '../hardware/tcp-exchange.ts';
import { printOverTcp } from '../hardware/tcp-printer.ts';
import { registerAppInfoHandler } from './ipc/app-info-handler.ts';
import { registerHardwareHandlers } from './ipc/hardware-handlers.ts';
import { acceptingCallsOnlyFrom } from './ipc/ipc-registry.ts';
import { registerVaultHandlers, safeStorageKeychain } from './ipc/vault-handlers.ts';
import { startShellAgent } from './shell-agent.ts';
import { isNavigationAllowed, keepOnTillOrigin, tillUrlFromEnvironment, windowOptions } from './window.ts';

const RELOAD_AFTER_FAILED_LOAD_MS = 5_000;
// Chromium's code for a load that was superseded by another navigation: not a failure.
const LOAD_ABORTED = -3;

const tillUrl = tillUrlFromEnvironment(process.env);
const devices = { listSerialPorts, writeToSerialPort, printOverTcp, exchangeOverTcp };
const preloadPath = fileURLToPath(new URL('./preload/preload.js', import.meta.url));

function registerBridge(): void {
  const ipc = acceptingCallsOnlyFrom(ipcMain, (url) => isNavigationAllowed(url, tillUrl));
  registerAppInfoHandler(ipc, {
    shellVersion: app.getVersion(),
    electronVersion: process.versions.electron,
    chromeVersion: process.versions.chrome,
    nodeVersion: process.versions.node,
    platform: process.platform,
    arch: process.arch,
  });
  registerHardwareHandlers(ipc, devices);
  registerVaultHandlers(ipc, safeStorageKeychain(safeStorage, process.platform));
}

function openTillWindow(): BrowserWindow {
  const window = new BrowserWindow(windowOptions(preloadPath));
  keepOnTillOrigin(window.webContents, tillUrl);
  // A failed load is reported, and retried, by 'did-fail-load' below.
  const loadTillPage = (): Promise<void> => window.loadURL(tillUrl.href).catch(() => undefined);
  // The kernel may start after the till (after a power cut): keep trying rather than show a dead window.
  window.webContents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
    if (!isMainFrame || errorCode === LOAD_ABORTED) return;
    console.error(
      `The till page ${tillUrl.href} did not load (${errorDescription}); trying again in ${RELOAD_AFTER_FAILED_LOAD_MS / 1000} s.`,
    );
    setTimeout(() => {
      if (!window.isDestroyed()) void loadTillPage();
    }, RELOAD_AFTER_FAILED_LOAD_MS);
  });
  void loadTillPage();
  return window;
}

// Two shells on one till would fight over its serial ports: the second one hands over to the first.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let tillWindow: BrowserWindow | undefined;
  app.on('second-instance', () => {
    if (tillWindow === undefined || tillWindow.isDestroyed()) return;
    if (tillWindow.isMinimized()) tillWindow.restore();
    tillWindow.focus();
  });
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(async () => {
    registerBridge();
    tillWindow = openTillWindow();
    // The back office on this computer prints through the shell (shell-agent.ts).
    const agent = await startShellAgent(tillUrl, process.env, devices, (line) => console.log(line));
    if (agent) app.once('will-quit', () => void agent.close());
  });
}
