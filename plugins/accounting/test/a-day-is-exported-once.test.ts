import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_TICK_MS } from '../src/server/exports/export-job.ts';
import {
  accountingKit,
  CASHIER,
  DATABASE_KINDS,
  daysAgoAtNoon,
  exportsOf,
  exportsWhen,
  ledgerOf,
  makeRetriesDue,
  mapAsSuggested,
  offlineDay,
  settled,
  variant,
} from './support.ts';

const ticks = (n: number) => new Promise((resolve) => setTimeout(resolve, n * EXPORT_TICK_MS));

/**
 * A closed day goes to the accounting system as one journal: the job runs every few seconds and
 * posts it once; a timeout after the provider stored it is resolved by findJournal, not a second post.
 */
describe.each(DATABASE_KINDS)('a day is exported once, on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill;
  let bread: string;

  beforeAll(async () => {
    kit = await accountingKit(db);
    bread = await variant(kit, 450);
    till = await kit.signInTill({ permissions: CASHIER });
    await offlineDay(
      kit,
      till,
      daysAgoAtNoon(2),
      [{ lines: [{ variantId: bread, quantity: 2 }], tenders: [{ method: 'cash', amount: 900 }] }],
      {
        counted: 900,
      },
    );
    expect(await settled(kit)).toEqual([]);
    await mapAsSuggested(kit);
  });
  afterAll(() => kit?.close());

  it('the job posts the closed day as one balanced journal under its idempotency key; later runs post nothing more', async () => {
    const books = ledgerOf(kit.tenant.id);
    const [posted] = await exportsWhen(kit, (e) => e.length === 1 && e[0]!.status === 'posted', 'the day posted');
    expect(posted).toMatchObject({
      day: daysAgoAtNoon(2).slice(0, 10),
      sequence: 0,
      kind: 'day',
      attempts: 1,
      lastError: null,
      currency: 'EUR',
    });
    expect(posted!.debitTotal).toBeGreaterThanOrEqual(900);
    const stored = books.stored();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.key).toMatch(/^kits-[0-9a-f]{8}-[0-9a-f]{8}-\d{8}-0$/);
    expect(stored[0]!.journal.date).toBe(posted!.day);
    expect(posted!.providerJournalId).toBe(stored[0]!.providerId);
    const debit = stored[0]!.journal.lines.reduce((s, l) => s + l.debit, 0);
    expect(debit).toBe(stored[0]!.journal.lines.reduce((s, l) => s + l.credit, 0));
    expect(debit).toBe(posted!.debitTotal);

    await ticks(3);
    expect(books.stored()).toHaveLength(1);
    expect(books.calls.post).toBe(1);
    expect(await exportsOf(kit)).toEqual([posted]);
  });

  it('a timeout after the provider stored the journal: the next attempt asks findJournal and posts nothing twice', async () => {
    const books = ledgerOf(kit.tenant.id);
    books.failNextWith('timeout_after_store');
    const day = daysAgoAtNoon(3);
    await offlineDay(kit, till, day, [{ lines: [{ variantId: bread, quantity: 1 }], tenders: [{ method: 'cash', amount: 450 }] }], {
      counted: 450,
    });
    expect(await settled(kit)).toEqual([]);
    const unknown = (
      await exportsWhen(kit, (e) => e.some((x) => x.day === day.slice(0, 10) && x.attempts === 1), 'the first attempt')
    ).find((x) => x.day === day.slice(0, 10));
    expect(unknown).toMatchObject({ day: day.slice(0, 10), status: 'posting', providerJournalId: null });
    expect(unknown!.lastError).toMatch(/timed out/);
    expect(books.stored()).toHaveLength(2); // the provider has it, KiTS does not know yet
    const finds = books.calls.find;

    await makeRetriesDue(kit);
    const done = await exportsWhen(kit, (e) => e.find((x) => x.day === day.slice(0, 10))?.status === 'posted', 'the retry');
    const retried = done.find((x) => x.day === day.slice(0, 10))!;
    expect(books.calls.find).toBe(finds + 1);
    expect(books.stored()).toHaveLength(2);
    expect(retried.providerJournalId).toBe(books.stored()[1]!.providerId);
  });

  // Two kernel processes on one database: PostgreSQL only (a PGlite database belongs to one process).
  if (db === 'postgres')
    it('the job run again and again beside a second kernel process posts each day once', async () => {
      const { createTestKernel } = await import('@kits/kernel/test-kit');
      const { ACCOUNTING, INVENTORY, SALES, FAKE_PAY, TEST_LEDGER, SALES_SETTINGS } = await import('./support.ts');
      const second = await createTestKernel({
        plugins: [INVENTORY, SALES, FAKE_PAY, ACCOUNTING, TEST_LEDGER],
        env: { DATABASE_URL: kit.kernel.config.databaseUrl!, JWT_SECRET: kit.kernel.config.jwtSecret },
        settings: { 'core-sales': SALES_SETTINGS },
      });
      try {
        const books = ledgerOf(kit.tenant.id);
        books.postDelayMs = 300; // each post takes a while: both processes' runs overlap
        const before = books.stored().length;
        for (const daysAgo of [4, 5, 6, 7, 8])
          await offlineDay(
            kit,
            till,
            daysAgoAtNoon(daysAgo),
            [{ lines: [{ variantId: bread, quantity: daysAgo }], tenders: [{ method: 'cash', amount: 450 * daysAgo }] }],
            {
              counted: 450 * daysAgo,
            },
          );
        expect(await settled(kit)).toEqual([]);
        await exportsWhen(kit, (e) => e.length === 7 && e.every((x) => x.status === 'posted'), 'all seven days posted', 60_000);
        await ticks(3);
        const keys = books.stored().map((s) => s.key);
        expect(keys).toHaveLength(before + 5);
        expect(new Set(keys).size).toBe(keys.length);
        expect((await exportsOf(kit)).every((e) => e.attempts === 1 || e.day === daysAgoAtNoon(3).slice(0, 10))).toBe(true);
      } finally {
        ledgerOf(kit.tenant.id).postDelayMs = 0;
        await second.close();
      }
    }, 120_000);
});
