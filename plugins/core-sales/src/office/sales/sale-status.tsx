import { Badge } from '@kits/ui-kit';
import { SALE_STATUS_LABELS, type SaleSummary } from '../sales-api.ts';

/** A sale's status as a badge; a completed sale given (partly) back says so. */
export function SaleStatusBadge({ sale }: { sale: Pick<SaleSummary, 'status' | 'refunded' | 'total'> }) {
  if (sale.status === 'completed' && sale.refunded > 0)
    return <Badge tone="warning">{sale.refunded >= sale.total ? 'Refunded' : 'Partly refunded'}</Badge>;
  const tone = sale.status === 'completed' ? 'success' : sale.status === 'voided' ? 'neutral' : 'info';
  return <Badge tone={tone}>{SALE_STATUS_LABELS[sale.status]}</Badge>;
}
