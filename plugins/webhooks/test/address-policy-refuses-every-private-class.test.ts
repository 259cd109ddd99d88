import { describe, expect, it } from 'vitest';
import { isPublicAddress } from '../src/server/sending/address-policy.ts';
import { retryDelayMs, MAX_RETRY_DELAY_MS } from '../src/server/sending/retry-schedule.ts';
import { isWellFormedPattern, patternMatches, unknownPatterns, wildcardsOf } from '../src/shared/event-patterns.ts';

// The address classes a webhook may never reach, one row each, and the public ones it may.
const REFUSED: ReadonlyArray<[string, string]> = [
  ['0.0.0.0', 'this network'],
  ['0.1.2.3', 'this network'],
  ['10.0.0.1', 'private 10/8'],
  ['10.255.255.255', 'private 10/8'],
  ['100.64.0.1', 'CGNAT'],
  ['100.127.255.254', 'CGNAT'],
  ['127.0.0.1', 'loopback'],
  ['127.255.0.9', 'loopback'],
  ['169.254.169.254', 'cloud metadata'],
  ['169.254.0.1', 'link-local'],
  ['172.16.0.1', 'private 172.16/12'],
  ['172.31.255.254', 'private 172.16/12'],
  ['192.0.0.8', 'IETF assignments'],
  ['192.0.2.10', 'documentation'],
  ['192.168.1.1', 'private 192.168/16'],
  ['198.18.0.1', 'benchmarking'],
  ['224.0.0.251', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['240.0.0.1', 'reserved'],
  ['255.255.255.255', 'broadcast'],
  ['::', 'unspecified'],
  ['::1', 'IPv6 loopback'],
  ['fc00::1', 'unique local'],
  ['fd12:3456::1', 'unique local'],
  ['fe80::1', 'IPv6 link-local'],
  ['fe80::1%eth0', 'IPv6 link-local with zone'],
  ['ff02::1', 'IPv6 multicast'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata'],
  ['::ffff:10.1.2.3', 'IPv4-mapped private'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['64:ff9b::a00:1', 'NAT64 of 10.0.0.1'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['2001:db8::1', 'IPv6 documentation'],
  ['not-an-address', 'not an IP literal'],
];
const ALLOWED = [
  '93.184.216.34',
  '8.8.8.8',
  '172.32.0.1',
  '100.128.0.1',
  '2606:4700:4700::1111',
  '::ffff:93.184.216.34',
  '64:ff9b::808:808',
];

describe('the address policy', () => {
  it.each(REFUSED)('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(ALLOWED)('allows the public address %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('the retry schedule', () => {
  it('grows 4× per failure from the base, with jitter in the upper half, capped at 6 hours', () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5_000, () => 1))).toEqual([5_000, 20_000, 80_000, 320_000]);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 5_000, () => 0))).toEqual([2_500, 10_000, 40_000, 160_000]);
    expect(retryDelayMs(30, 5_000, () => 1)).toBe(MAX_RETRY_DELAY_MS);
    const drawn = Array.from({ length: 200 }, () => retryDelayMs(2, 5_000));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(20_000);
    expect(new Set(drawn).size).toBeGreaterThan(50);
  });
});

describe('event patterns', () => {
  it.each([
    ['*', 'sales.sale.completed', true],
    ['sales.*', 'sales.sale.completed', true],
    ['sales.*', 'salesx.sale.completed', false],
    ['sales.payment.*', 'sales.payment.captured', true],
    ['sales.payment.*', 'sales.sale.completed', false],
    ['sales.sale.completed', 'sales.sale.completed', true],
    ['sales.sale.completed', 'sales.sale.refunded', false],
  ] as const)('%s matches %s: %s', (pattern, type, expected) => {
    expect(patternMatches(pattern, type)).toBe(expected);
  });
  it('names the patterns the catalogue does not know, and refuses malformed ones', () => {
    const types = ['sales.sale.completed', 'inventory.stock.moved'];
    expect(
      unknownPatterns(['*', 'sales.*', 'inventory.stock.*', 'sales.sale.completed', 'purchasing.*', 'sales.sale.exploded'], types),
    ).toEqual(['purchasing.*', 'sales.sale.exploded']);
    expect(['*', 'sales.*', 'sales.sale.*', 'sales.sale.completed'].every(isWellFormedPattern)).toBe(true);
    expect(['', 'sales', '*.sale.completed', 'sales.#', 'Sales.*', 'sales.sale.completed.*', 'sales..x'].some(isWellFormedPattern)).toBe(
      false,
    );
    expect(wildcardsOf(types)).toEqual(['*', 'inventory.*', 'sales.*', 'inventory.stock.*', 'sales.sale.*']);
  });
});
