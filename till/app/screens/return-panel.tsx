import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { TillPricing } from '../../src/checkout/checkout-machine.ts';
import { findOwnReceipt, returnAgainstReceipt, type ReturnableSale } from '../../src/store/returns.ts';
import type { TillRuntime } from '../till-runtime.ts';

/**
 * Goods back against a receipt of this till (found in its own log, so offline too): pick what
 * comes back, say why, restock or write off; the money goes back to the sale's own tenders.
 */
export function ReturnPanel({
  runtime,
  pricing,
  fmt,
  onDone,
}: {
  runtime: TillRuntime;
  pricing: TillPricing;
  fmt: (amount: number) => string;
  onDone: (message: string | undefined) => void;
}) {
  const [receipt, setReceipt] = useState('');
  const [sale, setSale] = useState<ReturnableSale>();
  const [quantities, setQuantities] = useState<Record<number, number>>({});
  const [reason, setReason] = useState('');
  const [restock, setRestock] = useState(true);
  const [error, setError] = useState<string>();
  const receiptInput = useRef<HTMLInputElement>(null);
  useLayoutEffect(() => receiptInput.current?.focus(), []);

  const find = async (event: Event) => {
    event.preventDefault();
    setError(undefined);
    try {
      const found = await findOwnReceipt(runtime.db, Number(receipt.trim()), pricing);
      setSale(found);
      setQuantities({});
    } catch (failure) {
      setError((failure as Error).message);
    }
  };
  const give = async () => {
    if (!sale) return;
    setError(undefined);
    try {
      const lines = sale.lines.map((line) => ({ lineNo: line.lineNo, quantity: quantities[line.lineNo] ?? 0 }));
      const { amount } = await returnAgainstReceipt(runtime.db, runtime.session.deviceId, sale, { lines, reason, restock });
      void runtime.push.flush();
      onDone(`Return on receipt ${sale.receiptNumber} recorded: give the customer back ${fmt(amount)}, the way they paid.`);
    } catch (failure) {
      setError((failure as Error).message);
    }
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
      <h3>Return against a receipt</h3>
      <form onSubmit={find}>
        <label>
          Receipt number
          <input ref={receiptInput} name="receipt" inputMode="numeric" value={receipt} onInput={(e) => setReceipt(e.currentTarget.value)} />
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
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
          <label>
            Why it comes back
            <input name="return-reason" value={reason} maxLength={500} onInput={(e) => setReason(e.currentTarget.value)} />
          </label>
          <label class="check">
            <input type="checkbox" checked={restock} onChange={(e) => setRestock(e.currentTarget.checked)} />
            Back on the shelf (untick to write it off)
          </label>
          <button type="button" class="primary" onClick={() => void give()}>
            Take back and refund
          </button>
        </>
      )}
    </div>
  );
}
