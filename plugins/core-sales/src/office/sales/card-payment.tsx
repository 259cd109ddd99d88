import { receiptCardLine } from '@kits/plugin-sdk/office';
import { Badge, type Tone } from '@kits/ui-kit';
import type { Sale } from '../sales-api.ts';

const STATES: Readonly<Record<string, { readonly label: string; readonly tone: Tone }>> = {
  authorized: { label: 'Authorized, not captured yet', tone: 'info' },
  captured: { label: 'Captured', tone: 'success' },
  partially_refunded: { label: 'Partly refunded', tone: 'neutral' },
  refunded: { label: 'Refunded', tone: 'neutral' },
  canceled: { label: 'Canceled', tone: 'warning' },
  pending: { label: 'Waiting for the card', tone: 'info' },
  declined: { label: 'Declined', tone: 'danger' },
};

/** A tender as the sale page has it, with a refund made at a till that the provider would not give back. */
type CardTender = Sale['tenders'][number] & { readonly refundProblem?: string | null };

/**
 * Under a tender on the sale page: the card, the payment's state, a capture that failed for good,
 * and a till's refund that could not be given back to the card.
 */
export function CardPayment({ tender }: { readonly tender: CardTender }) {
  if (!tender.paymentId) return null;
  const state = STATES[tender.paymentState ?? ''] ?? { label: tender.paymentState ?? 'Unknown', tone: 'neutral' as const };
  const problem = tender.captureProblem ?? tender.refundProblem;
  return (
    <div class="k-stack k-gap-1">
      <span>
        {tender.card && <span class="k-muted">{receiptCardLine(tender.card)} </span>}
        <Badge tone={problem ? 'danger' : state.tone}>
          {tender.captureProblem ? 'Capture failed' : tender.refundProblem ? 'Refund to card failed' : state.label}
        </Badge>
      </span>
      {problem && (
        <p class="k-text" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
