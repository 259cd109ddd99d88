import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { DateTime, EmptyState, Money, ProblemNotice, Spinner, useResource } from '@kits/ui-kit';
import { SALES_API, type CaptureProblem } from '../sales-api.ts';
import { receiptCardLine } from '@kits/plugin-sdk/office';

/** A capture that failed for good, or (kind `refund`) a till's refund the provider would not give back to the card. */
type CardProblem = CaptureProblem & { readonly kind?: 'capture' | 'refund'; readonly refundId?: string | null };

/**
 * The dashboard's "Card payments to look at": sales whose card payment could not be captured after
 * the retries (the goods left, the money was not taken), and returns made at a till whose refund
 * could not be given back to the card, newest first, each linking to its sale.
 */
export function cardPaymentsCard(context: OfficePluginContext) {
  return function CardPaymentsCard() {
    const problems = useResource(
      (signal) => context.api.get<{ items: CardProblem[] }>(`${SALES_API}/payments/capture-problems`, { query: { limit: 10 }, signal }),
      [],
    );
    if (problems.error !== undefined && !problems.data)
      return <ProblemNotice error={problems.error} what="Loading the card payments to look at" onRetry={problems.reload} />;
    if (!problems.data) return <Spinner label="Loading card payments…" />;
    if (problems.data.items.length === 0)
      return (
        <EmptyState title="Nothing to look at">
          Every card payment of a completed sale was captured, and every refund to a card made.
        </EmptyState>
      );
    return (
      <ul class="k-stack k-gap-2" aria-label="Card payments whose capture or refund failed">
        {problems.data.items.map((p) => (
          <li key={`${p.paymentId}:${p.refundId ?? ''}`} class="k-stack k-gap-1">
            <a href={context.href(`sales/${p.saleId}`)}>
              {p.receiptNumber === null ? 'Sale' : `Receipt ${p.receiptNumber}`}: <Money amount={p.amount} currency={p.currency} />
              {p.card && <span class="k-muted"> — {receiptCardLine(p.card)}</span>}
            </a>
            <span class="k-muted">
              {p.kind === 'refund' ? 'Refund to card failed' : 'Capture failed'} <DateTime value={p.failedAt} />
            </span>
          </li>
        ))}
      </ul>
    );
  };
}
