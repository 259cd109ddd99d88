import type { TillReceipt, TillReceipts } from '@kits/plugin-sdk/till';
import type { ReceiptPrinterRegistry } from './receipt-printers.ts';

/** This device's printing choices (kept on the device: see app/receipts/printing-settings.ts). */
export interface PrintingChoices {
  /** The chosen printer's key (`<plugin id>/<printer name>`), or undefined for none. */
  chosenPrinterKey(): string | undefined;
  printsEveryReceipt(): boolean;
}

/** A plugin's print that never settles must not leave the cashier waiting for ever. */
export const PRINT_TIMEOUT_MS = 30_000;

function withinTimeout(printing: Promise<void>, printer: string, timeoutMs: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${printer} did not finish printing within ${timeoutMs / 1000} s: check the printer, then print again.`)),
      timeoutMs,
    );
  });
  return Promise.race([printing, gaveUp]).finally(() => clearTimeout(timer));
}

/**
 * Printing for plugins (`context.receipts` but `addPrinter`): on the printer this device chose,
 * within 30 s, with messages a cashier can act on.
 */
export function receiptPrinting(
  printers: ReceiptPrinterRegistry,
  choices: PrintingChoices,
  timeoutMs = PRINT_TIMEOUT_MS,
): Omit<TillReceipts, 'addPrinter'> {
  const chosen = () => printers.find(choices.chosenPrinterKey());
  return {
    chosen() {
      const printer = chosen();
      return printer && { name: printer.name, printsEveryReceipt: choices.printsEveryReceipt() };
    },
    offered: () => printers.list().length,
    async print(receipt: TillReceipt) {
      const printer = chosen();
      if (!printer) {
        throw new Error(
          printers.list().length > 0
            ? 'No receipt printer is chosen for this till: choose one in Settings.'
            : 'No printer plugin is enabled for this store: the receipt is on screen only.',
        );
      }
      await withinTimeout(printer.printer.print(receipt), printer.name, timeoutMs);
      return { printer: printer.name };
    },
  };
}
