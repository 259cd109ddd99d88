import { useKit } from '../kit/kit-provider.tsx';
import { formatDateTime } from './date-time.tsx';

/**
 * How long ago `iso` was, as a person says it in `locale` ("12 seconds ago", "4 minutes ago",
 * "yesterday"): for figures about how fresh something is (a device last seen, a sync).
 */
export function timeAgo(iso: string, now: Date, locale: string): string {
  const seconds = Math.round((new Date(iso).getTime() - now.getTime()) / 1000);
  const words = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const steps: ReadonlyArray<[Intl.RelativeTimeFormatUnit, number]> = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 5],
  ];
  let value = seconds;
  for (const [unit, next] of steps) {
    if (Math.abs(value) < next) return words.format(unit === 'second' && Math.abs(value) < 5 ? 0 : value, unit);
    value = Math.round(value / next);
  }
  return words.format(Math.round(seconds / (86_400 * 30)), 'month');
}

/** "2 minutes ago" in the kit's locale, the exact date and time in its tooltip and `<time>` element. */
export function TimeAgo({ value, now = new Date() }: { value: string; now?: Date }) {
  const { locale } = useKit();
  return (
    <time dateTime={value} title={formatDateTime(value, locale)}>
      {timeAgo(value, now, locale)}
    </time>
  );
}
