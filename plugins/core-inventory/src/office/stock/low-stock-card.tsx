import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, LinkButton, ProblemNotice, Quantity, Spinner, useResource } from '@kits/ui-kit';
import { INVENTORY, optionText, type Page, type StockLevel, type StockSummary } from './stock-api.ts';
import { locationNamer } from './stock-hooks.ts';

const SHOWN = 5;

/** The dashboard's low-stock card: what is below its reorder point at the chosen location, linking to the stock page. */
export function LowStockCard({ context, locationId }: { context: OfficePluginContext; locationId: string | undefined }) {
  const nameOf = locationNamer(context);
  const low = useResource(
    async (signal) => {
      const [page, summary] = await Promise.all([
        context.api.get<Page<StockLevel>>(`${INVENTORY}/stock/levels`, { query: { low: true, locationId, limit: SHOWN }, signal }),
        context.api.get<StockSummary>(`${INVENTORY}/stock/summary`, { query: { low: true, locationId }, signal }),
      ]);
      return { items: page.items, total: summary.levels };
    },
    [locationId],
  );
  if (low.error !== undefined && !low.data) return <ProblemNotice error={low.error} what="Loading low stock" onRetry={low.reload} />;
  if (!low.data) return <Spinner label="Loading low stock…" />;
  const { items, total } = low.data;
  const href = context.href(`stock?${new URLSearchParams({ low: '1' })}`);
  return (
    <div class="k-stack k-gap-3">
      {total === 0 ? (
        <p class="k-text">
          <Badge tone="success">All good</Badge> Nothing is below its reorder point{locationId ? ` at ${nameOf(locationId)}` : ''}.
        </p>
      ) : (
        <>
          <p class="k-text">
            <strong class="k-number">{total}</strong> item(s) below their reorder point{locationId ? ` at ${nameOf(locationId)}` : ''}.
          </p>
          <ul aria-label="Low stock" class="k-stack k-gap-2">
            {items.map((level) => (
              <li key={`${level.variantId}@${level.locationId}`} class="k-row k-row--justify-between k-gap-3">
                <span>
                  {level.productName}
                  {optionText(level.options) && <span class="k-muted"> · {optionText(level.options)}</span>}
                  {!locationId && <span class="k-muted"> · {nameOf(level.locationId)}</span>}
                </span>
                <span class="k-number">
                  <Quantity value={level.available ?? level.onHand} /> left <span class="k-muted">· reorder at {level.reorderPoint}</span>
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      <div>
        <LinkButton href={href} variant="secondary">
          {total > 0 ? 'See all low stock' : 'See stock levels'}
        </LinkButton>
      </div>
    </div>
  );
}
