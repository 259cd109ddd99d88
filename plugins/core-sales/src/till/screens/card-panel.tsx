import { receiptCardLine } from '@kits/plugin-sdk/till';
import type { CardStatus } from '../checkout/card-tender.ts';

/**
 * The card payment on the tender screen, as it stands on the reader: waiting for the card (with
 * what the reader asks, and Cancel), declined (with Try again: the cash box stays usable),
 * approved, canceled, or refused (offline). Nothing when no card payment was started.
 */
export function CardPanel({
  status,
  fmt,
  onCancel,
  onTryAgain,
}: {
  status: CardStatus;
  fmt: (amount: number) => string;
  onCancel: () => void;
  onTryAgain: () => void;
}) {
  switch (status.kind) {
    case 'idle':
      return null;
    case 'asking':
      return (
        <div class="card-payment waiting" role="status" data-testid="card-payment" data-state="asking">
          <strong>Starting the card payment of {fmt(status.amount)}…</strong>
        </div>
      );
    case 'waiting':
      return (
        <div class="card-payment waiting" role="status" data-testid="card-payment" data-state="waiting">
          <span class="card-amount">{fmt(status.amount)}</span>
          <strong>{status.canceling ? 'Canceling on the reader…' : 'Waiting for card…'}</strong>
          <p data-testid="card-action">{status.message}</p>
          {status.trouble && <p class="card-trouble">{status.trouble}</p>}
          <button type="button" class="secondary" onClick={onCancel} disabled={status.canceling}>
            Cancel (Esc)
          </button>
        </div>
      );
    case 'declined':
      return (
        <div class="card-payment declined" role="alert" data-testid="card-payment" data-state="declined">
          <strong>{status.message}</strong>
          <button type="button" class="secondary" onClick={onTryAgain}>
            Try again ({fmt(status.amount)}) — nothing was charged
          </button>
        </div>
      );
    case 'approved':
      return (
        <div class="card-payment approved" role="status" data-testid="card-payment" data-state="approved">
          <strong>Approved</strong>
          <p>
            {fmt(status.tender.amount)}
            {status.tender.card ? ` · ${receiptCardLine(status.tender.card)}` : ''}
          </p>
        </div>
      );
    case 'canceled':
      return (
        <div class="card-payment" role="status" data-testid="card-payment" data-state="canceled">
          <strong>Card payment canceled.</strong>
          <p>Nothing was charged.</p>
        </div>
      );
    case 'refused':
      return (
        <div class="card-payment declined" role="alert" data-testid="card-payment" data-state="refused">
          <strong>{status.message}</strong>
        </div>
      );
  }
}
