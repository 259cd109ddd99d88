import { DateTime, EmptyState, Money } from '@kits/ui-kit';
import { personName, type Directory } from '../directory.ts';
import { tenderName, type Refund, type Sale } from '../sales-api.ts';

/** The refunds given on a sale, newest first: when, who, why, which items and where the money went. */
export function RefundHistory({ refunds, sale, directory }: { refunds: readonly Refund[]; sale: Sale; directory: Directory }) {
  if (refunds.length === 0) return <EmptyState title="Nothing refunded">Refunds given at a till or here show up on this sale.</EmptyState>;
  const nameOf = (lineNo: number | null) => sale.lines.find((l) => l.lineNo === lineNo)?.name ?? 'Item';
  return (
    <ul aria-label="Refunds" class="k-stack k-gap-3">
      {refunds.map((refund) => (
        <li key={refund.id}>
          <div class="k-row k-row--justify-between k-gap-3">
            <strong>
              <Money amount={-refund.total} currency={refund.currency} />
            </strong>
            <span class="k-muted">
              <DateTime value={refund.createdAt} /> · {personName(directory, refund.cashierId)}
            </span>
          </div>
          <div>
            {refund.lines.map((line) => `${line.quantity} × ${nameOf(line.lineNo)}`).join(', ')} — “{refund.reason}”
          </div>
          <div class="k-muted">
            {refund.tenders.map((t) => tenderName(t.method)).join(', ')} · {refund.restock ? 'back on sale' : 'written off'}
          </div>
        </li>
      ))}
    </ul>
  );
}
