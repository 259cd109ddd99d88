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

/** "Visa •••• 4242  Auth 123456", as the receipt prints it. */
export function cardLine(card: NonNullable<Sale['tenders'][number]['card']>): string {
  const brand = card.brand.charAt(0).toUpperCase() + card.brand.slice(1);
  return `${brand} •••• ${card.last4}${card.authorizationCode ? `  Auth ${card.authorizationCode}` : ''}`;
}

/** Under a tender on the sale page: the card, the payment's state, and a capture that failed for good. */
export function CardPayment({ tender }: { readonly tender: Sale['tenders'][number] }) {
  if (!tender.paymentId) return null;
  const state = STATES[tender.paymentState ?? ''] ?? { label: tender.paymentState ?? 'Unknown', tone: 'neutral' as const };
  return (
    <div class="k-stack k-gap-1">
      <span>
        {tender.card && <span class="k-muted">{cardLine(tender.card)} </span>}
        <Badge tone={tender.captureProblem ? 'danger' : state.tone}>{tender.captureProblem ? 'Capture failed' : state.label}</Badge>
      </span>
      {tender.captureProblem && (
        <p class="k-text" role="alert">
          {tender.captureProblem}
        </p>
      )}
    </div>
  );
}
