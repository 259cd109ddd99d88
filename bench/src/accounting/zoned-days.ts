// Days as a location counts them: its local date, and yesterday's instants in its zone.

/** The offset of `zone` from UTC at `at`, in minutes (`GMT+02:00` → 120). */
function offsetMinutes(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')!.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The local date (YYYY-MM-DD) of `at` in `zone`. */
export function localDate(at: Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** Yesterday's date in `zone`, and the instant of a local time on it (minutes after midnight). */
export function yesterdayIn(zone: string, now = new Date()): { day: string; at(minutes: number): Date } {
  const today = localDate(now, zone);
  const day = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
  const midnightAsUtc = Date.parse(`${day}T00:00:00Z`);
  return {
    day,
    at(minutes: number) {
      const guess = new Date(midnightAsUtc + minutes * 60_000);
      return new Date(guess.getTime() - offsetMinutes(zone, guess) * 60_000);
    },
  };
}
