import { Badge, Stat } from '@kits/ui-kit';
import type { Measures } from '../../shared/report-types.ts';
import { changeText, changeTone, measureText, type MeasureKind } from '../measure-text.ts';

/** The figures the dashboard leads with, each against the same time last week. */
const FIGURES: ReadonlyArray<{ key: keyof Measures; label: string; kind: MeasureKind }> = [
  { key: 'net', label: 'Net sales', kind: 'money' },
  { key: 'sales', label: 'Sales', kind: 'count' },
  { key: 'basketSize', label: 'Basket size', kind: 'money' },
  { key: 'itemsPerBasket', label: 'Items per basket', kind: 'ratio' },
  { key: 'margin', label: 'Gross margin', kind: 'money' },
];

/** Today's figures as stats: the number, and "+12% on last Tuesday (€1,020.00)". */
export function DashboardFigures({
  today,
  lastWeek,
  lastWeekDay,
  currency,
  locale,
}: {
  today: Measures;
  lastWeek: Measures;
  lastWeekDay: string;
  currency: string;
  locale: string;
}) {
  return (
    <div class="k-columns k-columns--narrow k-section">
      {FIGURES.map((figure) => {
        const now = today[figure.key];
        const then = lastWeek[figure.key];
        const change = changeText(now, then, locale);
        // The margin's share of net sales goes with its label, so the figure stays one line.
        const share = figure.key === 'margin' && today.marginBasisPoints !== null;
        return (
          <Stat
            key={figure.key}
            label={share ? `${figure.label} · ${measureText(today.marginBasisPoints, 'basis-points', currency, locale)}` : figure.label}
            value={measureText(now, figure.kind, currency, locale)}
            detail={
              <>
                {change && <Badge tone={changeTone(now, then)}>{change}</Badge>}{' '}
                {`${lastWeekDay}: ${measureText(then, figure.kind, currency, locale)}`}
              </>
            }
          />
        );
      })}
    </div>
  );
}
