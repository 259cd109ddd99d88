import { useEffect, useRef, useState } from 'preact/hooks';
import type { OfferedPrinter } from '../../src/receipts/receipt-printers.ts';
import type { TillCheckout } from '../till-checkout.ts';
import { chosenPrinterKey, printsEveryReceipt } from './printing-settings.ts';

export type PrintStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'printing'; readonly printer: string }
  | { readonly state: 'printed'; readonly printer: string }
  | { readonly state: 'failed'; readonly message: string };

/** A plugin's print that never settles must not leave the cashier waiting for ever. */
const PRINT_TIMEOUT_MS = 30_000;

function withinTimeout(printing: Promise<void>, printer: string): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const gaveUp = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`${printer} did not finish printing within ${PRINT_TIMEOUT_MS / 1000} s: check the printer, then print again.`)),
      PRINT_TIMEOUT_MS,
    );
  });
  return Promise.race([printing, gaveUp]).finally(() => clearTimeout(timer));
}

/**
 * Printing the receipt on screen: on the printer this device chose, at once when it prints every
 * receipt, and again whenever the cashier asks. A failure is shown, never thrown: the sale is
 * done whatever the printer does.
 */
export function useReceiptPrinting(
  checkout: TillCheckout,
  receipt: { saleId: string; receiptNumber: number },
  onFailedAfterLeaving: (message: string) => void,
) {
  const { saleId } = receipt;
  const printers = checkout.runtime.plugins.printers;
  const chosen: OfferedPrinter | undefined = printers.find(chosenPrinterKey());
  const [status, setStatus] = useState<PrintStatus>({ state: 'idle' });
  const printedBefore = useRef(false);
  const busy = useRef(false);
  // The cashier may start the next sale while the receipt still prints: a failure then is told on the next screen.
  const onScreen = useRef(true);
  useEffect(
    () => () => {
      onScreen.current = false;
    },
    [],
  );

  const print = async () => {
    if (busy.current) return;
    if (!chosen) {
      setStatus({
        state: 'failed',
        message:
          printers.list().length > 0
            ? 'No receipt printer is chosen for this till: choose one in Settings.'
            : 'No printer plugin is enabled for this store: the receipt is on screen only.',
      });
      return;
    }
    busy.current = true;
    setStatus({ state: 'printing', printer: chosen.name });
    try {
      // The receipt is taken now, while it is on screen; the printer may take its time.
      const receipt = checkout.printableReceipt(printedBefore.current);
      await withinTimeout(chosen.printer.print(receipt), chosen.name);
      printedBefore.current = true;
      setStatus({ state: 'printed', printer: chosen.name });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (onScreen.current) setStatus({ state: 'failed', message });
      else onFailedAfterLeaving(`Receipt ${receipt.receiptNumber} did not print: ${message} The sale is done.`);
    } finally {
      busy.current = false;
    }
  };

  useEffect(() => {
    if (chosen && printsEveryReceipt()) void print();
  }, [saleId]);

  return { chosen, status, print };
}
