import { describe, expect, it } from 'vitest';
import { fitText, zplFieldText } from './zpl-text.ts';

describe('text in a ZPL field', () => {
  it.each([
    ['Plain', 'Plain'],
    ['50% ^XZ off', '50% _5EXZ off'],
    ['~JR reset', '_7EJR reset'],
    ['snake_case', 'snake_5Fcase'],
    ['Line\nbreak\ttab', 'Line break tab'],
    ['Crème fraîche 東京', 'Crème fraîche 東京'],
  ])('%j → %j', (text, field) => {
    expect(zplFieldText(text)).toBe(field);
  });

  it('keeps the largest height at which the text fits its lines', () => {
    expect(fitText('Oat Milk', 400, 1, 60, 14)).toEqual({ height: 60, lines: ['Oat Milk'] });
    const long = fitText('Organic Oat Milk Barista Edition 1 litre', 400, 2, 60, 14);
    expect(long.lines.length).toBeLessThanOrEqual(2);
    expect(long.height).toBeLessThan(60);
    for (const line of long.lines) expect(line.length * long.height * 0.6).toBeLessThanOrEqual(400);
  });

  it('cuts what does not fit at the smallest height and ends it in ...', () => {
    const fitted = fitText('word '.repeat(200), 200, 2, 30, 14);
    expect(fitted.height).toBe(14);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.lines[1]!.endsWith('...')).toBe(true);
  });
});
