import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate } from './allocation.ts';

const totals = fc.integer({ min: -10_000_000_000, max: 10_000_000_000 });
const weightLists = fc.array(fc.integer({ min: 0, max: 1_000_000_000 }), { minLength: 1, maxLength: 30 });

describe('allocate', () => {
  it.each([
    [100, [1, 1, 1], [34, 33, 33]],
    [10, [0, 5, 5], [0, 5, 5]],
    [-100, [1, 1, 1], [-34, -33, -33]],
    [1, [1, 1, 1], [1, 0, 0]],
    [2, [1, 2, 1], [1, 1, 0]],
    [500, [1999, 1999, 2], [250, 250, 0]],
    [7, [0, 0], [4, 3]],
    [0, [0, 0], [0, 0]],
    [0, [], []],
  ])('%i over %j is %j', (total, weights, parts) => {
    expect(allocate(total, weights)).toEqual(parts);
  });

  it('parts always add up to the total: not a cent lost or made', () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        expect(allocate(total, weights).reduce((a, b) => a + b, 0)).toBe(total);
      }),
    );
  });

  it('each part is within one minor unit of its exact share', () => {
    fc.assert(
      fc.property(totals, weightLists, (total, weights) => {
        const sum = BigInt(weights.reduce((a, b) => a + b, 0));
        fc.pre(sum > 0n);
        allocate(total, weights).forEach((part, i) => {
          // |part − total·w/sum| < 1, i.e. |part·sum − total·w| < sum, in integers.
          const error = BigInt(part) * sum - BigInt(total) * BigInt(weights[i]!);
          expect(error < sum && error > -sum).toBe(true);
        });
      }),
    );
  });

  it('a larger weight never gets less; among equal weights the earlier one gets the extra cent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000_000 }), weightLists, (total, weights) => {
        const parts = allocate(total, weights);
        for (let i = 0; i < weights.length; i += 1)
          for (let j = i + 1; j < weights.length; j += 1) {
            if (weights[i]! > weights[j]!) expect(parts[i]!).toBeGreaterThanOrEqual(parts[j]!);
            if (weights[i]! < weights[j]!) expect(parts[i]!).toBeLessThanOrEqual(parts[j]!);
            if (weights[i] === weights[j]) expect([0, 1]).toContain(parts[i]! - parts[j]!);
          }
      }),
    );
  });

  it('a negative total is split like its magnitude, every part negated', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000_000_000 }), weightLists, (total, weights) => {
        expect(allocate(-total, weights)).toEqual(allocate(total, weights).map((part) => (part === 0 ? 0 : -part)));
      }),
    );
  });

  it('refuses negative or fractional weights, a fractional total, and money over no lines', () => {
    expect(() => allocate(100, [1, -1])).toThrow(/whole weights of 0 or more/);
    expect(() => allocate(100, [1.5, 1])).toThrow(/whole weights of 0 or more/);
    expect(() => allocate(10.5, [1, 1])).toThrow(/whole number of minor units/);
    expect(() => allocate(100, [])).toThrow(/over no lines/);
  });
});
