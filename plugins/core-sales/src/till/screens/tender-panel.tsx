import { useLayoutEffect } from 'preact/hooks';
import type { SlotTender } from '@kits/plugin-sdk/till';
import type { TillCheckout } from '../checkout/till-checkout.ts';
import { typedAmount } from '../checkout/typed-amounts.ts';

/** Cash the customer is likely to hand over: the exact amount, then the next round notes. */
function suggestedCash(due: number): number[] {
  const notes = [500, 1000, 2000, 5000, 10000];
  const next = notes.map((note) => Math.ceil(due / note) * note).filter((amount) => amount > due);
  return [due, ...new Set(next)].slice(0, 6);
}

/** Taking payment: cash (suggested notes, or typed), a plugin's tenders, and back to the cart. */
export function Tender(props: {
  checkout: TillCheckout;
  cash: string;
  setCash: (value: string) => void;
  cashInput: { current: HTMLInputElement | null };
  fmt: (amount: number) => string;
  attempt: (action: () => unknown) => Promise<void>;
}) {
  const { checkout, cash, setCash, cashInput, fmt, attempt } = props;
  const { machine } = checkout;
  const { Tenders } = checkout.outlets;
  // The cash field takes the keyboard as soon as payment starts.
  useLayoutEffect(() => cashInput.current?.focus(), []);
  const due = machine.due();
  const take = (amount: number) =>
    attempt(async () => {
      machine.addTender({ method: 'cash', amount });
      setCash('');
      if (machine.settlement().ok) await checkout.complete();
    });
  const onSubmit = (event: Event) => {
    event.preventDefault();
    const amount = cash.trim() === '' ? due.remainingInCash : typedAmount(cash, checkout.pricing.currency);
    if (amount === undefined || amount <= 0) return;
    void take(amount);
  };
  const tendered = machine.state.step === 'tender' ? machine.state.tenders : [];
  // A plugin's way to pay (a card terminal, a voucher): its tender counts like cash; the sale completes once covered.
  const pay = (tender: SlotTender) =>
    void attempt(async () => {
      machine.addTender(tender);
      if (machine.settlement().ok) await checkout.complete();
    });
  return (
    <div class="tender" data-testid="tender">
      {tendered.length > 0 && (
        <ul class="tendered" data-testid="tendered">
          {tendered.map((tender, i) => (
            <li key={i}>
              {tender.method === 'cash' ? 'Cash' : tender.method} <span class="amount">{fmt(tender.amount)}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="due">
        To pay <strong>{fmt(due.remainingInCash)}</strong>
      </p>
      <Tenders due={due.remaining} currency={checkout.pricing.currency} pay={pay} />
      <div class="notes">
        {suggestedCash(due.remainingInCash).map((amount) => (
          <button type="button" key={amount} onClick={() => take(amount)}>
            {fmt(amount)}
          </button>
        ))}
      </div>
      <input
        ref={cashInput}
        class="search-input"
        inputMode="decimal"
        placeholder="Cash handed over — Enter for the exact amount"
        value={cash}
        onInput={(e) => setCash(e.currentTarget.value)}
        aria-label="Cash handed over"
        onKeyDown={(e) => e.key === 'Enter' && onSubmit(e)}
      />
      <button type="button" class="secondary" onClick={() => attempt(() => machine.backToCart())}>
        Back to the cart (Esc)
      </button>
    </div>
  );
}
