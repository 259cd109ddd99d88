import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, DateTime, EmptyState, LinkButton, ProblemNotice, Spinner, Stat, useResource, Stack } from '@kits/ui-kit';
import { AWAITING_DELIVERY, ORDER_STATUS } from './order-status.ts';
import { API, type OrderSummary, type Page } from './purchasing-api.ts';

const SHOWN = 5;

/** The dashboard's card: orders the suppliers still have to deliver, soonest expected first. */
export function awaitingDeliveryCard(context: OfficePluginContext) {
  return function AwaitingDeliveryCard({ locationId }: { locationId: string | undefined }) {
    const orders = useResource(
      async (signal) => {
        const pages = await Promise.all(
          AWAITING_DELIVERY.map((status) =>
            context.api.get<Page<OrderSummary>>(`${API}/purchase-orders`, { query: { status, locationId, limit: 100 }, signal }),
          ),
        );
        const items = pages.flatMap((p) => p.items);
        const more = pages.some((p) => p.nextCursor !== null);
        // Orders without an expected date go last; the rest by the day they are due.
        items.sort((a, b) => (a.expectedOn ?? '9999').localeCompare(b.expectedOn ?? '9999') || a.number.localeCompare(b.number));
        return { items, more };
      },
      [locationId],
    );
    if (orders.error) return <ProblemNotice error={orders.error} what="Loading orders awaiting delivery" onRetry={orders.reload} />;
    if (!orders.data) return <Spinner label="Loading orders awaiting delivery" />;
    const { items, more } = orders.data;
    const today = new Date().toISOString().slice(0, 10);
    const late = items.filter((o) => o.expectedOn !== null && o.expectedOn < today).length;
    return (
      <Stack>
        <Stat
          label="Sent and not yet received"
          value={`${items.length}${more ? '+' : ''}`}
          detail={late > 0 ? `${late} past the expected date` : undefined}
        />
        {items.length === 0 ? (
          <EmptyState title="Nothing on its way">Sent orders show here until they are received.</EmptyState>
        ) : (
          <Stack as="ul" space={2} label="Orders awaiting delivery">
            {items.slice(0, SHOWN).map((o) => (
              <li key={o.id}>
                <a href={context.href(`purchase-orders/${o.id}`)}>{o.number}</a> {o.supplierName}{' '}
                <Badge tone={ORDER_STATUS[o.status].tone}>{ORDER_STATUS[o.status].label}</Badge>{' '}
                {o.expectedOn ? (
                  <span class="k-muted">
                    expected <DateTime value={o.expectedOn} dateOnly />
                  </span>
                ) : null}
              </li>
            ))}
          </Stack>
        )}
        <LinkButton href={`${context.href('purchase-orders')}?status=sent`} variant="ghost">
          See sent orders
        </LinkButton>
      </Stack>
    );
  };
}
