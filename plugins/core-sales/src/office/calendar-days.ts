/**
 * Calendar days in a store's time zone: "sales on 3 March" at a store in Auckland are not those of
 * 3 March in UTC. Days are `YYYY-MM-DD`; instants ISO 8601 UTC. Without a zone, the browser's.
 */

/** How far ahead of UTC the zone's clock is at `instant` (milliseconds). */
function zoneOffset(instant: number, timeZone: string | undefined): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wall - Math.floor(instant / 1000) * 1000;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written `YYYY-MM-DD`. */
export function isDay(text: string): boolean {
  const match = DAY.exec(text);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text;
}

/** The instant `day` begins in `timeZone`. */
export function startOfDay(day: string, timeZone?: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  const midnight = Date.UTC(year, month - 1, date);
  let instant = midnight - zoneOffset(midnight, timeZone);
  // Across a daylight-saving change the offset at the guess differs from the offset at midnight.
  const again = midnight - zoneOffset(instant, timeZone);
  if (again !== instant) instant = again;
  return new Date(instant).toISOString();
}

/** The day after `day`. */
export function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, date + 1)).toISOString().slice(0, 10);
}

/** Today's date in `timeZone`. */
export function today(timeZone?: string, now = Date.now()): string {
  return new Date(now + zoneOffset(now, timeZone)).toISOString().slice(0, 10);
}
