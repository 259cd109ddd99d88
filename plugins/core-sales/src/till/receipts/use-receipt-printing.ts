import { useEffect, useRef, useState } from 'preact/hooks';
import type { TillChosenPrinter } from '@kits/plugin-sdk/till';
import type { TillCheckout } from '../checkout/till-checkout.ts';

export type PrintStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'printing'; readonly printer: string }
  | { readonly state: 'printed'; readonly printer: string }
  | { readonly state: 'failed'; readonly message: string };

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
  const { receipts } = checkout.till;
  const chosen: TillChosenPrinter | undefined = receipts.chosen();
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
    busy.current = true;
    if (chosen) setStatus({ state: 'printing', printer: chosen.name });
    try {
      // The receipt is taken now, while it is on screen; the printer may take its time.
      const { printer } = await receipts.print(checkout.printableReceipt(printedBefore.current));
      printedBefore.current = true;
      setStatus({ state: 'printed', printer });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (onScreen.current) setStatus({ state: 'failed', message });
      else onFailedAfterLeaving(`Receipt ${receipt.receiptNumber} did not print: ${message} The sale is done.`);
    } finally {
      busy.current = false;
    }
  };

  useEffect(() => {
    if (chosen?.printsEveryReceipt) void print();
  }, [saleId]);

  return { chosen, status, print };
}
