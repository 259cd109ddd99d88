import { describe, expect, it } from 'vitest';
import { movingAverageCost } from './cost.ts';

describe('movingAverageCost', () => {
  it.each([
    // on hand, cost, quantity, unit cost → new cost
    [10, 100, 10, 200, 150],
    [0, 100, 5, 260, 260],
    [-3, 100, 5, 260, 260],
    [4, null, 2, 90, 90],
    [1, 100, 2, 101, 101], // 302 / 3 = 100.67 → 101
    [2, 100, 1, 101, 100], // 301 / 3 = 100.33 → 100
    [1, 100, 1, 101, 101], // 201 / 2 = 100.5 → half away from zero: 101
    [3, 0, 1, 1, 0], // 1 / 4 = 0.25 → 0
    [1, 0, 1, 1, 1], // 1 / 2 = 0.5 → 1
    [9_000_000_000, 123_456_789, 1, 987_654_321, 123_456_789], // exact beyond 2^53 in the products
  ] as const)('on hand %d at %s, receiving %d at %d → %d', (onHand, cost, quantity, unitCost, expected) => {
    expect(movingAverageCost({ onHand, cost }, { quantity, unitCost })).toBe(expected);
  });
});
