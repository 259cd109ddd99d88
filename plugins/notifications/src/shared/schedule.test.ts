import { describe, expect, it } from 'vitest';
import { afterQuietHours, digestHourEnd, emailDueAt, inQuietHours, localDay, pushDueAt } from './schedule.ts';

const at = (iso: string) => new Date(iso);

describe('quiet hours in the tenant’s time zone', () => {
  it.each([
    // instant (UTC), quiet hours, zone, inside?
    ['2026-12-07T21:30:00Z', { start: '22:00', end: '07:00' }, 'Europe/Berlin', true], // 22:30 in Berlin
    ['2026-12-07T20:59:00Z', { start: '22:00', end: '07:00' }, 'Europe/Berlin', false], // 21:59
    ['2026-12-08T05:59:00Z', { start: '22:00', end: '07:00' }, 'Europe/Berlin', true], // 06:59
    ['2026-12-08T06:00:00Z', { start: '22:00', end: '07:00' }, 'Europe/Berlin', false], // 07:00: over
    ['2026-12-07T12:30:00Z', { start: '12:00', end: '13:00' }, 'UTC', true],
    ['2026-12-07T13:00:00Z', { start: '12:00', end: '13:00' }, 'UTC', false],
    ['2026-12-07T03:00:00Z', { start: '22:00', end: '07:00' }, 'America/New_York', true], // 22:00 New York
  ] as const)('%s in %j (%s): %s', (instant, quiet, zone, inside) => {
    expect(inQuietHours(at(instant), quiet, zone)).toBe(inside);
  });

  it('holds what falls inside until the local end, to the minute', () => {
    expect(afterQuietHours(at('2026-12-07T21:30:42Z'), { start: '22:00', end: '07:00' }, 'Europe/Berlin').toISOString()).toBe(
      '2026-12-08T06:00:00.000Z',
    );
    expect(afterQuietHours(at('2026-12-07T10:00:00Z'), { start: '22:00', end: '07:00' }, 'Europe/Berlin').toISOString()).toBe(
      '2026-12-07T10:00:00.000Z',
    );
  });

  it('finds the end across a change to summer time (Berlin, 29 March 2026: 02:00 → 03:00)', () => {
    // 01:30 local (00:30Z) in quiet hours 01:00–04:00; 04:00 CEST is 02:00Z.
    expect(afterQuietHours(at('2026-03-29T00:30:00Z'), { start: '01:00', end: '04:00' }, 'Europe/Berlin').toISOString()).toBe(
      '2026-03-29T02:00:00.000Z',
    );
  });
});

describe('when a notification is due', () => {
  const berlin = 'Europe/Berlin';
  it.each([
    ['at once', { digest: false, quietHours: null }, '2026-12-07T10:17:00Z', '2026-12-07T10:17:00.000Z'],
    ['digest: end of the hour', { digest: true, quietHours: null }, '2026-12-07T10:17:00Z', '2026-12-07T11:00:00.000Z'],
    [
      'quiet: after quiet hours',
      { digest: false, quietHours: { start: '22:00', end: '07:00' } },
      '2026-12-07T22:10:00Z',
      '2026-12-08T06:00:00.000Z',
    ],
    [
      'digest hour ending in quiet hours: after them',
      { digest: true, quietHours: { start: '12:00', end: '12:30' } },
      '2026-12-07T10:40:00Z', // the hour ends 11:00Z = 12:00 Berlin
      '2026-12-07T11:30:00.000Z',
    ],
  ] as const)('%s', (_what, rule, now, due) => {
    expect(emailDueAt(at(now), rule, berlin).toISOString()).toBe(due);
  });

  it('push waits for quiet hours only', () => {
    expect(pushDueAt(at('2026-12-07T10:17:00Z'), null, berlin).toISOString()).toBe('2026-12-07T10:17:00.000Z');
    expect(pushDueAt(at('2026-12-07T22:10:00Z'), { start: '22:00', end: '07:00' }, berlin).toISOString()).toBe('2026-12-08T06:00:00.000Z');
  });

  it('the digest hour and the local day', () => {
    expect(digestHourEnd(at('2026-12-07T10:00:00Z')).toISOString()).toBe('2026-12-07T11:00:00.000Z');
    expect(localDay(at('2026-12-07T23:30:00Z'), berlin)).toBe('2026-12-08');
  });
});
