import { describe, expect, it } from 'vitest';
import { ScanDetector } from '../../src/till/checkout/scan-detector.ts';

/** Feeds keys `gapMs` apart (a number per key, or one for all) and collects what the detector answers. */
function feed(keys: readonly string[], gapMs: number | readonly number[], start = 1_000): Array<string | undefined> {
  const detector = new ScanDetector();
  let at = start;
  return keys.map((key, i) => {
    at += typeof gapMs === 'number' ? gapMs : gapMs[i]!;
    return detector.key(key, at);
  });
}
const typed = (text: string) => [...text, 'Enter'];

describe('telling a barcode scanner from a person typing', () => {
  it.each([
    ['a scanner: 13 digits 5 ms apart and Enter', typed('4006381333931'), 5, '4006381333931'],
    ['a slow scanner: 30 ms apart', typed('036000291452'), 30, '036000291452'],
    ['a person typing a name, 120 ms apart', typed('flat white'), 120, undefined],
    ['a person typing digits, 90 ms apart', typed('4006381333931'), 90, undefined],
    ['a burst too short to be a code', typed('12'), 5, undefined],
    ['a scanner pressing Shift for capitals', ['Shift', 'M', 'Shift', 'U', 'Shift', 'G', '-', '1', 'Enter'], 4, 'MUG-1'],
  ] as const)('%s', (_what, keys, gap, code) => {
    expect(feed(keys, gap).at(-1)).toBe(code);
  });

  it('only the burst counts: letters typed before a pause are not part of the code', () => {
    const keys = ['a', 'b', ...typed('4006381333931')];
    const gaps = [0, 150, 400, ...Array(13).fill(6)];
    expect(feed(keys, gaps).at(-1)).toBe('4006381333931');
  });

  it('an Enter long after a burst is a person pressing it, not the scanner', () => {
    const keys = typed('4006381333931');
    const gaps = [...Array(13).fill(5), 300];
    expect(feed(keys, gaps).at(-1)).toBeUndefined();
  });

  it('a scan after a scan: each Enter ends its own code', () => {
    const answers = feed([...typed('40063813'), ...typed('96385074')], [...Array(9).fill(5), 500, ...Array(8).fill(5)]);
    expect(answers.filter(Boolean)).toEqual(['40063813', '96385074']);
  });
});
