import { DEFAULT_AGENT_URL } from '@kits/plugin-sdk/hardware-agent';

/**
 * This till's printing settings, kept on the device (like how soon it locks): which of the
 * plugins' receipt printers it prints on, whether it prints every receipt, and where the local
 * hardware agent listens when the till runs in a browser.
 */

const PRINTER_KEY = 'kits.till.receiptPrinter';
const PRINT_EVERY_RECEIPT_KEY = 'kits.till.printEveryReceipt';
const AGENT_URL_KEY = 'kits.till.hardwareAgentUrl';

/** The chosen printer (`<plugin id>/<printer name>`), or undefined for “No printer”. */
export function chosenPrinterKey(): string | undefined {
  return localStorage.getItem(PRINTER_KEY) ?? undefined;
}

export function choosePrinter(key: string | undefined): void {
  if (key === undefined) localStorage.removeItem(PRINTER_KEY);
  else localStorage.setItem(PRINTER_KEY, key);
}

/** Print every receipt as the sale completes (the default), or only when the cashier asks. */
export function printsEveryReceipt(): boolean {
  return localStorage.getItem(PRINT_EVERY_RECEIPT_KEY) !== 'false';
}

export function setPrintsEveryReceipt(every: boolean): void {
  localStorage.setItem(PRINT_EVERY_RECEIPT_KEY, String(every));
}

/** The hardware agent's address; an empty text means this till uses no agent. */
export function hardwareAgentUrl(): string {
  return localStorage.getItem(AGENT_URL_KEY) ?? DEFAULT_AGENT_URL;
}

/** Checks and keeps the agent's address: a ws:// or wss:// URL, or empty for none. Throws with what is wrong. */
export function setHardwareAgentUrl(text: string): string {
  const address = text.trim();
  if (address !== '') {
    let url: URL | undefined;
    try {
      url = new URL(address);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
      throw new Error(`“${address}” is not a hardware agent address: it looks like ${DEFAULT_AGENT_URL}.`);
    }
  }
  localStorage.setItem(AGENT_URL_KEY, address);
  return address;
}
