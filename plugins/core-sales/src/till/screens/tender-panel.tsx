import { useEffect, useLayoutEffect, useState } from 'preact/hooks';
import { receiptCardLine, type SlotTender } from '@kits/plugin-sdk/till';
import type { TillCheckout } from '../checkout/till-checkout.ts';
import { typedAmount } from '../checkout/typed-amounts.ts';
import { CardPanel } from './card-panel.tsx';

/**
 * The key that charges a card (the amount typed, else what is due): the cart's Pay key again, so
 * F9 F9 pays by card. (The menu's screens hold F1–F4 and F6; F5 reloads a browser.)
 */
const CARD_KEY = 'F9';

/** Cash the customer is likely to hand over: the exact amount, then the next round notes. */
function suggestedCash(due: number): number[] {
  const notes = [500, 1000, 2000, 5000, 10000];
  const next = notes.map((note) => Math.ceil(due / note) * note).filter((amount) => amount > due);
  return [due, ...new Set(next)].slice(0, 6);
}

/**
 * Taking payment: cash (suggested notes, or typed), a card (the amount typed, else what is due:
 * split with cash either way round), a plugin's tenders, and back to the cart.
 */
export function Tender(props: {
  checkout: TillCheckout;
  cash: string;
  setCash: (value: string) => void;
  cashInput: { current: HTMLInputElement | null };
  fmt: (amount: number) => string;
  attempt: (action: () => unknown) => Promise<void>;
  /** Back to the cart (Esc): releases the card payments taken for the sale. */
  onBack: () => void;
}) {
  const { checkout, cash, setCash, cashInput, fmt, attempt, onBack } = props;
  const { machine } = checkout;
  const { Tenders } = checkout.outlets;
  const [methods, setMethods] = useState(checkout.paymentMethods);
  // The cash field takes the keyboard as soon as payment starts.
  useLayoutEffect(() => cashInput.current?.focus(), []);
  // Whether the server takes cards now (a payment plugin enabled since the till started shows its button).
  useEffect(() => {
    let live = true;
    void checkout.refreshPaymentMethods().then((found) => live && setMethods(found));
    return () => {
      live = false;
    };
  }, []);
  const card = checkout.card.status;
  const cardWaiting = machine.cardWaiting !== undefined;
  // Once the card has its answer (declined, canceled, approved for part), the cash box has the keyboard again.
  useLayoutEffect(() => {
    if (!cardWaiting) cashInput.current?.focus();
  }, [cardWaiting, card.kind]);
  // A render can come after the sale left the tender step (the payment methods answer once the sale
  // completed): it draws nothing then, and the screen moves on to the receipt.
  const inTender = machine.state.step === 'tender';
  const due = inTender ? machine.due() : { total: 0, paid: 0, remaining: 0, remainingInCash: 0 };
  const typed = cash.trim() === '' ? due.remaining : typedAmount(cash, checkout.pricing.currency);
  const payByCard = () =>
    attempt(async () => {
      if (typed === undefined || typed <= 0)
        throw new Error('Type the amount to charge to the card, or leave the box empty to charge what is due.');
      setCash('');
      await checkout.card.pay('card', typed);
      cashInput.current?.focus();
    });
  // F9 charges a card; Esc while the card waits on the reader cancels it there (not back to the cart).
  useLayoutEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === CARD_KEY && methods.includes('card')) {
        event.preventDefault();
        // A held key repeats: the F9 that opened the tender step must not also start a card.
        if (event.repeat) return;
        if (!cardWaiting) void payByCard();
      } else if (event.key === 'Escape' && machine.cardWaiting) {
        event.preventDefault();
        void checkout.card.cancel();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [methods, cardWaiting, cash, due.remaining]);
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
  if (!inTender) return null;
  return (
    <div class="tender" data-testid="tender">
      {tendered.length > 0 && (
        <ul class="tendered" data-testid="tendered">
          {tendered.map((tender, i) => (
            <li key={i}>
              {tender.method === 'cash' ? 'Cash' : tender.method}
              {tender.card && <span class="tendered-card">{receiptCardLine(tender.card)}</span>}{' '}
              <span class="amount">{fmt(tender.amount)}</span>
            </li>
          ))}
        </ul>
      )}
      <p class="due">
        To pay <strong>{fmt(due.remainingInCash)}</strong>
      </p>
      <CardPanel
        status={card}
        fmt={fmt}
        onCancel={() => void checkout.card.cancel()}
        onTryAgain={() => void attempt(() => checkout.card.tryAgain())}
      />
      {methods.includes('card') && (
        <button type="button" class="primary card-button" disabled={cardWaiting} onClick={() => void payByCard()}>
          Card {typed !== undefined && typed > 0 ? fmt(typed) : ''} ({CARD_KEY})
        </button>
      )}
      <Tenders due={due.remaining} currency={checkout.pricing.currency} pay={pay} />
      {/* While the card waits on the reader no cash is taken: the notes make room for the reader's state. */}
      {!cardWaiting && (
        <div class="notes">
          {suggestedCash(due.remainingInCash).map((amount) => (
            <button type="button" key={amount} onClick={() => take(amount)}>
              {fmt(amount)}
            </button>
          ))}
        </div>
      )}
      <input
        ref={cashInput}
        class="search-input"
        inputMode="decimal"
        placeholder={
          methods.includes('card')
            ? `Amount — Enter: cash (exact if empty) · ${CARD_KEY}: card`
            : 'Cash handed over — Enter for the exact amount'
        }
        value={cash}
        onInput={(e) => setCash(e.currentTarget.value)}
        aria-label="Cash handed over"
        onKeyDown={(e) => e.key === 'Enter' && onSubmit(e)}
      />
      {/* While the card waits, Esc is the card's Cancel: the way back shows again once it has its answer. */}
      {!cardWaiting && (
        <button type="button" class="secondary" onClick={onBack}>
          Back to the cart (Esc)
        </button>
      )}
    </div>
  );
}
