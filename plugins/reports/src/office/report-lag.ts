import type { ReportMeta } from '../shared/report-types.ts';

/** How far behind the figures may be, in words: "up to date", "about 4 seconds behind", "behind by an unknown time". */
export function lagText(meta: Pick<ReportMeta, 'source' | 'lagSeconds'>): string {
  if (meta.source === 'primary') return 'straight from the main database, up to date';
  if (meta.lagSeconds === null) return 'from a reporting copy of the database; how far it is behind is not known right now';
  if (meta.lagSeconds < 1) return 'from a reporting copy of the database, less than a second behind';
  const seconds = Math.round(meta.lagSeconds);
  if (seconds < 120) return `from a reporting copy of the database, about ${seconds} second${seconds === 1 ? '' : 's'} behind`;
  return `from a reporting copy of the database, about ${Math.round(seconds / 60)} minutes behind: the newest sales may be missing`;
}
