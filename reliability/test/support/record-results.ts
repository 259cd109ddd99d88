import { record } from '@kits/bench/results';

/**
 * Appends a dated section to bench/RESULTS.md when RECORD_RESULTS=1 (a run made to record the
 * figures); otherwise prints it. Tests assert no timings: speed is for the record only.
 */
export function recordResults(title: string, lines: readonly string[]): void {
  if (process.env.RECORD_RESULTS === '1') record(title, lines);
  else process.stdout.write(`\n## ${title}\n\n${lines.join('\n')}\n`);
}
