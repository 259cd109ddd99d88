import { describe, expect, it } from 'vitest';
import type { AccountingStatus } from '../../src/office/accounting-api.ts';
import { connectionBadge, countsOf, filtersOf, filtersQuery, kindText, retryable, toMapText } from '../../src/office/export-words.ts';

const STATUS: AccountingStatus = {
  provider: {
    system: { id: 'quickbooks', name: 'QuickBooks Online' },
    connection: { status: 'connected', companyName: 'Sandbox Company', currency: 'EUR', reason: null },
  },
  mappingComplete: false,
  counts: { waiting: 1, posting: 0, posted: 12, failed: 2, paused: 0 },
  lastPostedAt: '2026-12-07T06:00:00Z',
};

// The exports list keeps its filters in the page's address (a link to "failed exports" works, and
// Back undoes a filter), and names each export's kind and whether it can be sent again.
describe('the exports list', () => {
  it('reads its filters from the address, ignoring a status it does not know', () => {
    expect(filtersOf(new URLSearchParams('status=failed&location=loc-1'))).toEqual({ status: 'failed', locationId: 'loc-1' });
    expect(filtersOf(new URLSearchParams('status=lost'))).toEqual({ status: '', locationId: '' });
    expect(filtersOf(new URLSearchParams(''))).toEqual({ status: '', locationId: '' });
  });

  it('writes the filters back as a query, nothing when nothing is filtered', () => {
    expect(filtersQuery({ status: 'paused', locationId: '' })).toBe('?status=paused');
    expect(filtersQuery({ status: '', locationId: 'a b' })).toBe('?location=a+b');
    expect(filtersQuery({ status: '', locationId: '' })).toBe('');
    const round = filtersOf(new URLSearchParams(filtersQuery({ status: 'posted', locationId: 'loc-2' }).slice(1)));
    expect(round).toEqual({ status: 'posted', locationId: 'loc-2' });
  });

  it('offers Retry on failed and paused exports only', () => {
    expect((['waiting', 'posting', 'posted', 'failed', 'paused'] as const).filter((status) => retryable({ status }))).toEqual([
      'failed',
      'paused',
    ]);
  });

  it('names a day’s journal and each adjusting journal', () => {
    expect(kindText({ kind: 'day', sequence: 0 })).toBe('Day');
    expect(kindText({ kind: 'adjustment', sequence: 2 })).toBe('Adjustment 2');
  });

  it('counts exports in every status, in the order they move', () => {
    expect(countsOf(STATUS)).toEqual([
      { status: 'waiting', count: 1 },
      { status: 'posting', count: 0 },
      { status: 'posted', count: 12 },
      { status: 'failed', count: 2 },
      { status: 'paused', count: 0 },
    ]);
    expect(toMapText(1)).toBe('Map 1 account');
    expect(toMapText(4)).toBe('Map 4 accounts');
  });

  it('says whether the accounting system is connected, needs reconnecting, or is not there', () => {
    expect(connectionBadge(STATUS)).toEqual({ text: 'Connected', tone: 'success' });
    const reconnect = {
      ...STATUS,
      provider: { ...STATUS.provider!, connection: { ...STATUS.provider!.connection, status: 'reconnect_required' as const } },
    };
    expect(connectionBadge(reconnect)).toEqual({ text: 'Reconnect needed', tone: 'danger' });
    const disconnected = {
      ...STATUS,
      provider: { ...STATUS.provider!, connection: { ...STATUS.provider!.connection, status: 'disconnected' as const } },
    };
    expect(connectionBadge(disconnected).text).toBe('Not connected');
    expect(connectionBadge({ ...STATUS, provider: null }).text).toBe('None enabled');
  });
});
