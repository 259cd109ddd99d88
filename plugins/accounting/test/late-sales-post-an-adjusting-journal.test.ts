import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountingKit,
  CASHIER,
  DATABASE_KINDS,
  daysAgoAtNoon,
  exportsWhen,
  ledgerOf,
  mapAsSuggested,
  offlineDay,
  settled,
  variant,
} from './support.ts';

/**
 * A till that was offline pushes a sale made on a day already posted: the next run posts an
 * adjusting journal (sequence 1) holding only the difference; the day's first journal is not touched.
 */
describe.each(DATABASE_KINDS)('a late offline sale posts an adjusting journal, on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill;
  let cake: string;
  const day = daysAgoAtNoon(2);

  beforeAll(async () => {
    kit = await accountingKit(db);
    cake = await variant(kit, 300);
    till = await kit.signInTill({ permissions: CASHIER });
    await offlineDay(kit, till, day, [{ lines: [{ variantId: cake, quantity: 2 }], tenders: [{ method: 'cash', amount: 600 }] }], {
      counted: 600,
    });
    expect(await settled(kit)).toEqual([]);
    await mapAsSuggested(kit);
    await exportsWhen(kit, (e) => e.length === 1 && e[0]!.status === 'posted', 'the day posted');
  });
  afterAll(() => kit?.close());

  it('posts sequence 1 with only the late sale in it, and leaves the first journal as it was', async () => {
    const books = ledgerOf(kit.tenant.id);
    const first = structuredClone(books.stored()[0]!);
    // Another till of the shop, offline all day, comes back with a card sale it made that afternoon.
    const late = await kit.signInTill({ permissions: CASHIER });
    await offlineDay(kit, late, new Date(Date.parse(day) + 3 * 3600_000).toISOString(), [
      { lines: [{ variantId: cake, quantity: 1 }], tenders: [{ method: 'card', amount: 300, token: 'offline-ref-1' }] },
    ]);
    expect(await settled(kit)).toEqual([]);
    // The card tender is new to the mapping: the adjustment waits, saying which line needs an account.
    const waiting = (await exportsWhen(kit, (e) => e.some((x) => x.sequence === 1 && x.lastError !== null), 'the adjustment waiting')).find(
      (x) => x.sequence === 1,
    )!;
    expect(waiting).toMatchObject({ status: 'waiting', attempts: 0 });
    expect(waiting.lastError).toMatch(/Card.*tender:card/);
    expect(books.stored()).toHaveLength(1);
    await mapAsSuggested(kit);
    const exports = await exportsWhen(kit, (e) => e.length === 2 && e.every((x) => x.status === 'posted'), 'the adjustment posted');
    const adjustment = exports.find((e) => e.sequence === 1)!;
    expect(adjustment).toMatchObject({ kind: 'adjustment', day: day.slice(0, 10), status: 'posted' });
    const stored = books.stored();
    expect(stored).toHaveLength(2);
    expect(stored[0]).toEqual(first);
    const adj = stored[1]!;
    expect(adj.key).toMatch(/-1$/);
    expect(adj.journal.reference).toMatch(/ adj 1$/);
    // Only the late sale: 300 of sales and tax credited, 300 debited to the card tender, no cash.
    const debit = adj.journal.lines.reduce((s, l) => s + l.debit, 0);
    const credit = adj.journal.lines.reduce((s, l) => s + l.credit, 0);
    expect(debit).toBe(credit);
    const tenders = adj.journal.lines.filter((l) => l.role === 'tender');
    expect(tenders.map((t) => [t.key.split(':')[0], t.debit, t.credit])).toEqual([['card', 300, 0]]);
    const salesAndTax = adj.journal.lines.filter((l) => l.role === 'sales' || l.role === 'tax').reduce((s, l) => s + l.credit - l.debit, 0);
    expect(salesAndTax).toBe(300);
    expect(adjustment.debitTotal).toBe(debit);
  });
});
