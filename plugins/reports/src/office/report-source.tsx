import { Muted } from '@kits/ui-kit';
import type { ReportMeta } from '../shared/report-types.ts';
import { lagText } from './report-lag.ts';

/** The line under a report: when it was made, in which time zone, and how fresh its source is. */
export function ReportSource({ meta, locale }: { meta: ReportMeta; locale: string }) {
  const made = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(meta.generatedAt));
  return <Muted small>{`Made ${made}; days in ${meta.timezone}; money in ${meta.currency}; ${lagText(meta)}.`}</Muted>;
}
