import { TillOfflineError } from '@kits/plugin-sdk/till';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TillPricing } from '../checkout/checkout-machine.ts';
import { allowRefund } from '../checkout/refund-limit.ts';
import { refundInstructions } from '../checkout/refund-split.ts';
import { findOwnReceipt, returnAgainstReceipt, returnAmount, withCards, type ReturnableSale } from '../store/returns.ts';
import { storeReceipts, storeSale, type StoreReceipt } from '../store/store-receipts.ts';
import type { SalesTill } from '../sales-till.ts';
import { RefundDue } from './refund-due.tsx';
import { ReturnFinish } from './return-finish.tsx';
import { ReturnWithoutReceipt } from './return-without-receipt.tsx';

/** A receipt the customer may hold under the number typed: this till's own, or another till's. */
type Candidate = { readonly own: true; readonly sale: ReturnableSale } | { readonly own: false; readonly receipt: StoreReceipt };

const time = (iso: string) => new Date(iso).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' });

/**
 * Goods back: against a receipt of this till (found in its own log, so offline too) or of another
 * till at the store (asked of the server), or without a receipt (a cashier without that permission
 * asks a manager). Pick what comes back, say why, restock or write off; the money goes back to the
 * sale's tenders as the server splits it, and the message says where (a card part by its card;
 * without a receipt, in cash). Above the shop's refund limit, a cashier without the permission asks a manager first.
 */
export function ReturnPanel({
  till,
  pricing,
  fmt,
  onDone,
}: {
  till: SalesTill;
  pricing: TillPricing;
  fmt: (amount: number) => string;
  onDone: (message: string | undefined) => void;
}) {
  const [receipt, setReceipt] = useState('');
  const [candidates, setCandidates] = useState<Candidate[]>();
  const [sale, setSale] = useState<ReturnableSale>();
  const [withoutReceipt, setWithoutReceipt] = useState(false);
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [error, setError] = useState<string>();
  const receiptInput = useRef<HTMLInputElement>(null);
  const firstCandidate = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => receiptInput.current?.focus(), []);
  useLayoutEffect(() => firstCandidate.current?.focus(), [candidates]);
  const { deviceId } = till.session;

  const open = async (candidate: Candidate) => {
    setError(undefined);
    try {
      // A card tender names its card in the message after the return (asked of the server for this till's own receipts).
      setSale(candidate.own ? await withCards(till, candidate.sale) : await storeSale(till, candidate.receipt.saleId));
      setCandidates(undefined);
      setQuantities({});
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const find = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    setSale(undefined);
    const number = Number(receipt.trim());
    if (!Number.isInteger(number) || number < 1) return setError('Type the receipt number printed on the receipt.');
    const own = await findOwnReceipt(till, number, pricing).catch(() => undefined);
    let others: StoreReceipt[] = [];
    let offline = false;
    try {
      others = await storeReceipts(till.api, number, deviceId);
    } catch (failure) {
      if (!(failure instanceof TillOfflineError)) return setError((failure as Error).message);
      offline = true;
    }
    const found: Candidate[] = [
      ...(own ? [{ own: true as const, sale: own }] : []),
      ...others.map((r) => ({ own: false as const, receipt: r })),
    ];
    if (found.length === 1) return open(found[0]!);
    if (found.length === 0) {
      return setError(
        offline
          ? `This till has no receipt ${number}; finding another till’s receipt needs the network.`
          : `No till of this store has a receipt ${number}: check the number on the receipt.`,
      );
    }
    setCandidates(found);
  };
  const give = async (reason: string, restock: boolean) => {
    if (!sale) return;
    const lines = sale.lines.map((line) => ({ lineNo: line.lineNo, quantity: quantities[line.lineNo] ?? 0 }));
    const { parts } = await returnAgainstReceipt(till, sale, { lines, reason, restock }, (amount) =>
      allowRefund(till, amount, pricing, fmt),
    );
    void till.events.send();
    onDone(`Return on receipt ${sale.receiptNumber} recorded: ${refundInstructions(parts, fmt)}.`);
  };
  const set = (lineNo: number, quantity: number, most: number) =>
    setQuantities({ ...quantities, [lineNo]: Math.max(0, Math.min(most, quantity)) });

  return (
    <div
      class="return-panel"
      data-testid="return"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onDone(undefined);
        }
      }}
    >
      {withoutReceipt ? (
        <ReturnWithoutReceipt till={till} pricing={pricing} fmt={fmt} onDone={onDone} />
      ) : (
        <>
          <h3>Return against a receipt</h3>
          <form onSubmit={find} class="receipt-find">
            <label>
              Receipt number
              <input
                ref={receiptInput}
                name="receipt"
                inputMode="numeric"
                value={receipt}
                onInput={(e) => setReceipt(e.currentTarget.value)}
              />
            </label>
            <button type="button" class="secondary" onClick={() => setWithoutReceipt(true)}>
              No receipt
            </button>
          </form>
        </>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {candidates && (
        <div class="receipt-candidates" data-testid="receipt-candidates">
          <p>Several receipts have this number: which one does the customer hold?</p>
          {candidates.map((candidate, i) => (
            <button
              type="button"
              key={candidate.own ? candidate.sale.saleId : candidate.receipt.saleId}
              ref={i === 0 ? firstCandidate : undefined}
              onClick={() => void open(candidate)}
            >
              <span>{candidate.own ? 'This till' : 'Another till'}</span>
              <span>{candidate.own ? '' : time(candidate.receipt.occurredAt)}</span>
              <span class="amount">
                {fmt(candidate.own ? candidate.sale.lines.reduce((n, l) => n + l.total, 0) : candidate.receipt.total)}
              </span>
            </button>
          ))}
        </div>
      )}
      {sale && (
        <>
          <table class="lines">
            <tbody>
              {sale.lines.map((line) => {
                const most = line.sold - line.returned;
                const chosen = quantities[line.lineNo] ?? 0;
                return (
                  <tr key={line.lineNo}>
                    <td class="item">
                      <span class="name">{line.name}</span>
                      <span class="sku">
                        {line.sold} sold{line.returned > 0 ? `, ${line.returned} back already` : ''} · {fmt(line.total)}
                      </span>
                    </td>
                    <td class="qty">
                      <button type="button" aria-label={`One less ${line.name} back`} onClick={() => set(line.lineNo, chosen - 1, most)}>
                        −
                      </button>
                      <span>{chosen}</span>
                      <button type="button" aria-label={`One more ${line.name} back`} onClick={() => set(line.lineNo, chosen + 1, most)}>
                        +
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <RefundDue
            till={till}
            pricing={pricing}
            fmt={fmt}
            label="Refund"
            amount={returnAmount(
              sale,
              sale.lines.map((line) => ({ lineNo: line.lineNo, quantity: quantities[line.lineNo] ?? 0 })),
            )}
          />
          <ReturnFinish label="Take back and refund" onFinish={give} />
        </>
      )}
    </div>
  );
}
