import { useLayoutEffect, useMemo } from 'preact/hooks';
import type { Receipt } from '../checkout/checkout-machine.ts';
import type { TillCheckout } from '../checkout/till-checkout.ts';
import { ReceiptDocument } from './receipt-document.tsx';
import { useReceiptPrinting, type PrintStatus } from './use-receipt-printing.ts';

/** After a sale: the change, the receipt as it prints, printing it (P), and the next sale (Enter). */
export function ReceiptView({
  receipt,
  checkout,
  fmt,
  onNext,
  onPrintFailedLater,
}: {
  receipt: Receipt;
  checkout: TillCheckout;
  fmt: (amount: number) => string;
  onNext: () => void;
  /** A print still under way when the cashier went on failed: the checkout shows it. */
  onPrintFailedLater: (message: string) => void;
}) {
  const { ReceiptFooter } = checkout.outlets;
  const printing = useReceiptPrinting(checkout, receipt, onPrintFailedLater);
  // What the printer gets is what the screen shows: the shop, when, who, lines, taxes by rate, tenders.
  const printable = useMemo(() => checkout.printableReceipt(false), [receipt.saleId]);
  // P (or Ctrl+P, which would otherwise print the page) prints the receipt, or prints it again.
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'p' && event.key !== 'P') return;
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement) return;
      event.preventDefault();
      void printing.print();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [printing.print]);
  return (
    <section class="receipt-screen">
      <div class="change" data-testid="change">
        <span class="label">Change</span>
        <span class="number">{fmt(receipt.change)}</span>
      </div>
      <article class="receipt" data-testid="receipt">
        <ReceiptDocument receipt={printable} fmt={fmt} />
        <ReceiptFooter
          receipt={{ saleId: receipt.saleId, receiptNumber: receipt.receiptNumber, total: receipt.total, currency: receipt.currency }}
        />
      </article>
      <div class="receipt-actions">
        <PrintStatusLine status={printing.status} />
        {printing.chosen ? (
          <button type="button" class="secondary print" data-action="print" onClick={() => void printing.print()}>
            {printing.status.state === 'printed' ? 'Print again (P)' : 'Print receipt (P)'}
          </button>
        ) : (
          checkout.till.receipts.offered() > 0 && <p class="hint">No receipt printer is chosen for this till: choose one in Settings.</p>
        )}
        <button class="primary" type="button" onClick={onNext} autoFocus>
          New sale (Enter)
        </button>
      </div>
    </section>
  );
}

/** Where the printing stands: under way, done, or what went wrong and what the cashier can do. */
function PrintStatusLine({ status }: { status: PrintStatus }) {
  switch (status.state) {
    case 'idle':
      return null;
    case 'printing':
      return (
        <p class="print-status" role="status" data-testid="print-status">
          Printing on {status.printer}…
        </p>
      );
    case 'printed':
      return (
        <p class="print-status done" role="status" data-testid="print-status">
          Printed on {status.printer}.
        </p>
      );
    case 'failed':
      return (
        <div class="print-status failed" role="alert" data-testid="print-status">
          <strong>The receipt did not print.</strong>
          <p>{status.message}</p>
          <p class="next">The sale is done: press P to try again, or Enter for the next sale.</p>
        </div>
      );
  }
}
