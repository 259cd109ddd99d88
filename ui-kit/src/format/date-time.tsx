import { useKit } from '../kit/kit-provider.tsx';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, timeZone: string | undefined, dateOnly: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone ?? ''}|${dateOnly}`;
  let made = formatters.get(key);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, {
      dateStyle: 'medium',
      ...(dateOnly ? {} : { timeStyle: 'short' }),
      ...(timeZone ? { timeZone } : {}),
    });
    formatters.set(key, made);
  }
  return made;
}

/**
 * An ISO timestamp as the locale writes a date and time ("6 Dec 2026, 17:52"), in `timeZone`
 * (a store's) or the browser's. A text that is no date is returned as it is, so a bad value shows
 * rather than "Invalid Date".
 */
export function formatDateTime(iso: string, locale: string, timeZone?: string, dateOnly = false): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return formatter(locale, timeZone, dateOnly).format(date);
}

/** A date and time in the kit's locale, in a `<time>` element that keeps the exact instant. */
export function DateTime({ value, timeZone, dateOnly }: { value: string; timeZone?: string; dateOnly?: boolean }) {
  const { locale } = useKit();
  return <time dateTime={value}>{formatDateTime(value, locale, timeZone, dateOnly ?? false)}</time>;
}
