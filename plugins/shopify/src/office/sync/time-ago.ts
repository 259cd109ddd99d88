/**
 * How long ago `iso` was, as a person says it in `locale` ("12 seconds ago", "4 minutes ago",
 * "yesterday"): the sync page's figures are about how fresh things are, and it asks again every few seconds.
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
