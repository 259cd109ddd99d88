import { describe, expect, it } from 'vitest';
import { columns, rule, wrap } from '../src/shared/columns.ts';

describe('lines that fit the paper', () => {
  it.each([
    ['a short text on one line', 'Thank you', 20, ['Thank you']],
    ['words wrapped at the width', 'Returns within 30 days with this receipt', 16, ['Returns within', '30 days with', 'this receipt']],
    ['a word longer than a line cut', 'Supercalifragilistic mug', 8, ['Supercal', 'ifragili', 'stic mug']],
    ['spaces between words collapsed', 'Main   Street  ', 20, ['Main Street']],
    ['leading spaces indent every line', '  Returns within 30 days', 12, ['  Returns', '  within 30', '  days']],
    ['an empty text as one empty line', '', 20, ['']],
  ])('wrap: %s', (_case, text, width, expected) => {
    expect(wrap(text, width)).toEqual(expected);
    for (const line of wrap(text, width)) expect(line.length).toBeLessThanOrEqual(width);
  });

  it.each([
    ['an item and its amount, the amount ending at the last column', 'Flat White', '6.80', 32, ['Flat White                  6.80']],
    [
      'a long name wrapped, the amount on its last line',
      'Ceramic Mug Black with a Very Long Name',
      '12.50',
      32,
      ['Ceramic Mug Black with a', 'Very Long Name             12.50'],
    ],
    ['an indented left text', '  2 x 3.40', '6.80', 20, ['  2 x 3.40      6.80']],
    ['exactly full', 'Butter Croissant', '2.20', 21, ['Butter Croissant 2.20']],
    ['accented names counted by printed columns', 'Crème brûlée', '4.90', 20, ['Crème brûlée    4.90']],
    ['a right text wider than the paper on a line of its own', 'Total', '1234567890', 8, ['Total', '1234567890']],
  ])('columns: %s', (_case, left, right, width, expected) => {
    expect(columns(left, right, width)).toEqual(expected);
  });

  it('draws a rule across the paper', () => {
    expect(rule(42)).toBe('-'.repeat(42));
    expect(rule(5, '=')).toBe('=====');
  });
});
