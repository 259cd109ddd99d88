import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from '../src/table/sort-rows.ts';
import { nearEnd, rowWindow, scrollToReveal } from '../src/table/virtual-rows.ts';

describe('rowWindow', () => {
  it('draws the rows in view and a few either side, at the top', () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, rowCount: 100_000, overscan: 5 })).toEqual({
      first: 0,
      last: 15,
      offsetTop: 0,
      totalHeight: 4_000_000,
    });
  });
  it('draws the rows around row 50,000 when scrolled there', () => {
    const window = rowWindow({ scrollTop: 50_000 * 40, viewportHeight: 400, rowHeight: 40, rowCount: 100_000, overscan: 5 });
    expect(window).toEqual({ first: 49_995, last: 50_015, offsetTop: 49_995 * 40, totalHeight: 4_000_000 });
  });
  it('counts a row cut in half by the viewport as visible', () => {
    const window = rowWindow({ scrollTop: 20, viewportHeight: 100, rowHeight: 40, rowCount: 10, overscan: 0 });
    expect([window.first, window.last]).toEqual([0, 3]);
  });
  it('shows the last rows when scrolled past the end of a list that got shorter', () => {
    const window = rowWindow({ scrollTop: 10_000, viewportHeight: 400, rowHeight: 40, rowCount: 20, overscan: 2 });
    expect([window.first, window.last]).toEqual([8, 20]);
  });
  it('draws nothing for no rows', () => {
    expect(rowWindow({ scrollTop: 0, viewportHeight: 400, rowHeight: 40, rowCount: 0 })).toEqual({
      first: 0,
      last: 0,
      offsetTop: 0,
      totalHeight: 0,
    });
  });
  it('never draws more than the screen holds plus the overscan, however long the list', () => {
    for (const scrollTop of [0, 123, 77_777, 3_999_000]) {
      const window = rowWindow({ scrollTop, viewportHeight: 720, rowHeight: 40, rowCount: 100_000, overscan: 6 });
      expect(window.last - window.first).toBeLessThanOrEqual(720 / 40 + 1 + 12);
    }
  });
});

describe('scrollToReveal', () => {
  it('scrolls up to a row above the view and down to one below it, as little as it can', () => {
    expect(scrollToReveal({ index: 2, scrollTop: 400, viewportHeight: 436, rowHeight: 40, headerHeight: 36 })).toBe(80);
    expect(scrollToReveal({ index: 30, scrollTop: 0, viewportHeight: 436, rowHeight: 40, headerHeight: 36 })).toBe(31 * 40 - 400);
  });
  it('leaves a row in view where it is', () => {
    expect(scrollToReveal({ index: 5, scrollTop: 0, viewportHeight: 436, rowHeight: 40, headerHeight: 36 })).toBeUndefined();
  });
});

describe('nearEnd', () => {
  it('is true once the drawn rows come within the threshold of the end', () => {
    expect(nearEnd({ first: 0, last: 15, offsetTop: 0, totalHeight: 0 }, 100)).toBe(false);
    expect(nearEnd({ first: 80, last: 95, offsetTop: 0, totalHeight: 0 }, 100)).toBe(true);
    expect(nearEnd({ first: 0, last: 0, offsetTop: 0, totalHeight: 0 }, 0)).toBe(false);
  });
});

describe('sorting rows', () => {
  const rows = [
    { name: 'Item 10', stock: 3 },
    { name: 'item 2', stock: undefined },
    { name: 'Item 1', stock: 3 },
    { name: '', stock: 1 },
  ];
  it('sorts text as people do (2 before 10, case aside) with empty values last either way', () => {
    expect(sortRows(rows, (row) => row.name, 'asc').map((row) => row.name)).toEqual(['Item 1', 'item 2', 'Item 10', '']);
    expect(sortRows(rows, (row) => row.name, 'desc').map((row) => row.name)).toEqual(['Item 10', 'item 2', 'Item 1', '']);
  });
  it('sorts numbers by value and keeps equal rows in their order', () => {
    expect(sortRows(rows, (row) => row.stock, 'asc').map((row) => row.name)).toEqual(['', 'Item 10', 'Item 1', 'item 2']);
    expect(sortRows(rows, (row) => row.stock, 'desc').map((row) => row.name)).toEqual(['Item 10', 'Item 1', '', 'item 2']);
  });
  it('sorts ascending on a first click and descending on a second', () => {
    expect(nextSort(undefined, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'asc' }, 'name')).toEqual({ key: 'name', direction: 'desc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toEqual({ key: 'name', direction: 'asc' });
    expect(nextSort({ key: 'name', direction: 'desc' }, 'stock')).toEqual({ key: 'stock', direction: 'asc' });
  });
});
