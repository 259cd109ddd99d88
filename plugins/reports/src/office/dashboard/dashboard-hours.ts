import type { DashboardHour } from '../../shared/report-types.ts';

/** The local hour (0–23) of `instant` in `timeZone`. */
function localHour(instant: string, timeZone: string): number {
  const hour = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(new Date(instant));
  return Number(hour);
}

/**
 * Every hour of today from midnight to now (or to the last hour with sales, if later), those
 * without sales as nothing sold: the by-hour chart shows the quiet hours too, not only the busy ones.
 */
export function todaysHours(hours: readonly DashboardHour[], today: string, generatedAt: string, timeZone: string): DashboardHour[] {
  const sold = new Map(hours.map((hour) => [hour.hour, hour]));
  const lastSold = Math.max(-1, ...hours.filter((hour) => hour.hour.startsWith(today)).map((hour) => Number(hour.hour.slice(11, 13))));
  const until = Math.max(localHour(generatedAt, timeZone), lastSold);
  return Array.from({ length: until + 1 }, (_, h) => {
    const hour = `${today}T${String(h).padStart(2, '0')}:00`;
    return sold.get(hour) ?? { hour, net: 0, sales: 0 };
  });
}
