import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { LinkButton, Money, ProblemNotice, Spinner, Stat, useResource } from '@kits/ui-kit';
import { startOfDay, today } from '../calendar-days.ts';
import { SALES_API, type SalesSummary } from '../sales-api.ts';

/** The dashboard's "Today's sales" at the chosen location (every location when none is chosen): how many, and their total. */
export function todaysSalesCard(context: OfficePluginContext) {
  return function TodaysSalesCard({ locationId }: { readonly locationId: string | undefined }) {
    const location = context.session.locations.find((l) => l.id === locationId);
    const day = today(location?.timeZone);
    const summary = useResource(
      (signal) =>
        context.api.get<SalesSummary>(`${SALES_API}/sales/summary`, {
          query: { locationId, from: startOfDay(day, location?.timeZone) },
          signal,
        }),
      [locationId, day],
    );
    if (summary.error !== undefined && !summary.data)
      return <ProblemNotice error={summary.error} what="Loading today’s sales" onRetry={summary.reload} />;
    if (!summary.data) return <Spinner label="Loading today’s sales…" />;
    const { count, total, refunded, currency } = summary.data;
    return (
      <div class="k-stack k-gap-3">
        <Stat
          label="Taken today"
          value={<Money amount={total} currency={currency} />}
          detail={`${count} sale${count === 1 ? '' : 's'} ${location ? `at ${location.name}` : 'at every location'}`}
        />
        {refunded > 0 && (
          <p class="k-text k-muted">
            Refunded since: <Money amount={refunded} currency={currency} />
          </p>
        )}
        <LinkButton href={`${context.href('sales')}?from=${day}&to=${day}`} variant="ghost" size="sm">
          See today’s sales
        </LinkButton>
      </div>
    );
  };
}
