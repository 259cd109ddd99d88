import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divRound, percentOf, roundToStep } from './arithmetic.ts';

/** Big enough that products overflow 2^53, as a line total × a tax rate can. */
const bigints = fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n });
const amounts = fc.integer({ min: -1_000_000_000_000, max: 1_000_000_000_000 });

describe('divRound', () => {
  it.each([
    [5n, 2n, 3n],
    [-5n, 2n, -3n],
    [4n, 3n, 1n],
    [-4n, 3n, -1n],
    [7n, 2n, 4n],
    [0n, 9n, 0n],
    [9_007_199_254_740_993n * 3n, 3n, 9_007_199_254_740_993n],
  ])('%s / %s is %s (halves away from zero)', (n, d, q) => {
    expect(divRound(n, d)).toBe(q);
  });

  it('is the exact quotient rounded to the nearest integer, a half away from zero', () => {
    fc.assert(
      fc.property(bigints, fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        const q = divRound(n, d);
        // |n/d − q| ≤ ½, i.e. |2n − 2qd| ≤ d, in integers.
        const twiceError = 2n * n - 2n * q * d;
        const distance = twiceError < 0n ? -twiceError : twiceError;
        expect(distance <= d).toBe(true);
        // On a tie the result lies further from zero than n/d.
        if (distance === d) expect(q < 0n ? q * d < n : q * d > n).toBe(true);
      }),
    );
  });

  it('is odd: −n / d is −(n / d)', () => {
    fc.assert(
      fc.property(bigints, fc.bigInt({ min: 1n, max: 10n ** 12n }), (n, d) => {
        expect(divRound(-n, d)).toBe(-divRound(n, d));
      }),
    );
  });

  it('refuses a denominator of 0 or less', () => {
    expect(() => divRound(1n, 0n)).toThrow(RangeError);
    expect(() => divRound(1n, -2n)).toThrow(RangeError);
  });
});

describe('percentOf', () => {
  it.each([
    [1999, 2000, 400],
    [1000, 2000, 200],
    [25, 2000, 5],
    [-25, 2000, -5],
    [1, 5000, 1],
    [1, 4999, 0],
  ])('%i × %i basis points is %i', (amount, basisPoints, share) => {
    expect(percentOf(amount, basisPoints)).toBe(share);
  });

  it('is within half a minor unit of the exact share', () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 0, max: 100_000 }), (amount, basisPoints) => {
        const twiceError = 2n * (BigInt(percentOf(amount, basisPoints)) * 10_000n - BigInt(amount) * BigInt(basisPoints));
        expect(twiceError <= 10_000n && twiceError >= -10_000n).toBe(true);
      }),
    );
  });

  it('refuses an amount that is not whole minor units', () => {
    expect(() => percentOf(19.99, 2000)).toThrow(/whole number of minor units/);
  });
});

describe('roundToStep', () => {
  it.each([
    [1232, 5, 1230],
    [1233, 5, 1235],
    [1232.0, 10, 1230],
    [1235, 10, 1240],
    [-1235, 10, -1240],
    [1233, 1, 1233],
    [1233, 0, 1233],
  ])('%i to a step of %i is %i', (amount, step, rounded) => {
    expect(roundToStep(amount, step)).toBe(rounded);
  });

  it('gives a multiple of the step, at most half a step away', () => {
    fc.assert(
      fc.property(amounts, fc.integer({ min: 2, max: 100_000 }), (amount, step) => {
        const rounded = roundToStep(amount, step);
        expect(rounded % step === 0).toBe(true);
        expect(2 * Math.abs(rounded - amount)).toBeLessThanOrEqual(step);
      }),
    );
  });

  it('leaves a multiple of the step as it is', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.integer({ min: 1, max: 1000 }), (k, step) => {
        expect(roundToStep(k * step, step)).toBe(k * step);
      }),
    );
  });
});
