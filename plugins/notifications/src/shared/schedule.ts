/** Quiet hours as a rule keeps them: local times `HH:MM` in the tenant's time zone, `start` up to (not including) `end`; overnight when `end` is earlier. */
export interface QuietHours {
  readonly start: string;
  readonly end: string;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
const DAY_MINUTES = 24 * 60;

export const QUIET_TIME_PATTERN = '^([01][0-9]|2[0-3]):[0-5][0-9]$';
const minutesOf = (time: string): number => {
  const [h, m] = time.split(':').map(Number);
  return h! * 60 + m!;
};

/** Minutes since local midnight of `instant` in the IANA `timezone`. */
export function localMinutes(instant: Date, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const minute = Number(parts.find((p) => p.type === 'minute')!.value);
  return hour * 60 + minute;
}

/** The local calendar day (YYYY-MM-DD) of `instant` in `timezone`. */
export function localDay(instant: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Whether `instant` falls inside the quiet hours, read in `timezone`. */
export function inQuietHours(instant: Date, quiet: QuietHours, timezone: string): boolean {
  const now = localMinutes(instant, timezone);
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  return start < end ? now >= start && now < end : now >= start || now < end;
}

/** The first instant at or after `instant` whose local time is outside the quiet hours (their end, to the minute). */
export function afterQuietHours(instant: Date, quiet: QuietHours, timezone: string): Date {
  if (!inQuietHours(instant, quiet, timezone)) return instant;
  const wait = (minutesOf(quiet.end) - localMinutes(instant, timezone) + DAY_MINUTES) % DAY_MINUTES;
  const minuteStart = Math.floor(instant.getTime() / MINUTE_MS) * MINUTE_MS;
  let end = new Date(minuteStart + wait * MINUTE_MS);
  // A change of clocks inside the wait moves the local end by an hour either way.
  if (inQuietHours(end, quiet, timezone)) return afterQuietHours(end, quiet, timezone);
  const hourEarlier = new Date(end.getTime() - HOUR_MS);
  if (hourEarlier > instant && !inQuietHours(hourEarlier, quiet, timezone) && localMinutes(hourEarlier, timezone) === minutesOf(quiet.end))
    end = hourEarlier;
  return end;
}

/** The end of the hour `instant` is in: when an hourly digest collecting it goes out. */
export const digestHourEnd = (instant: Date): Date => new Date((Math.floor(instant.getTime() / HOUR_MS) + 1) * HOUR_MS);

/**
 * When a notification raised at `now` is due by email: at once, or at the end of the hour for a
 * digest rule; moved past the rule's quiet hours when it would fall in them.
 */
export function emailDueAt(now: Date, rule: { readonly digest: boolean; readonly quietHours: QuietHours | null }, timezone: string): Date {
  const due = rule.digest ? digestHourEnd(now) : now;
  return rule.quietHours ? afterQuietHours(due, rule.quietHours, timezone) : due;
}

/** When a web push raised at `now` is due: at once, or when the quiet hours end (no digest for push). */
export function pushDueAt(now: Date, quietHours: QuietHours | null, timezone: string): Date {
  return quietHours ? afterQuietHours(now, quietHours, timezone) : now;
}
