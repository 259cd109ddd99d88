import type { TestKernel, TestTill } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountingKit,
  CASHIER,
  DATABASE_KINDS,
  daysAgoAtNoon,
  exportsWhen,
  ledgerOf,
  makeRetriesDue,
  mapAsSuggested,
  offlineDay,
  settled,
  variant,
  type ExportItem,
} from './support.ts';

const seconds = (from: string | null) => (Date.parse(from!) - Date.now()) / 1000;

/**
 * The provider says no in each of its ways: a 429 waits Retry-After; a refusal backs off 1 min, 5,
 * 30, 2 h, 6 h and then shows `failed` with its message until the merchant retries; a revoked
 * connection pauses every export until it is connected again.
 */
describe.each(DATABASE_KINDS)('failures back off, pause and retry, on %s', (db) => {
  let kit: TestKernel;
  let till: TestTill;
  let jam: string;
  let daysBack = 1;
  const books = () => ledgerOf(kit.tenant.id);

  /** A new closed day with one sale; answers its day. */
  async function closedDay(): Promise<string> {
    const at = daysAgoAtNoon((daysBack += 1));
    await offlineDay(kit, till, at, [{ lines: [{ variantId: jam, quantity: 1 }], tenders: [{ method: 'cash', amount: 380 }] }], {
      counted: 380,
    });
    expect(await settled(kit)).toEqual([]);
    return at.slice(0, 10);
  }
  const when = async (day: string, done: (e: ExportItem) => boolean, what: string) =>
    (await exportsWhen(kit, (all) => all.some((e) => e.day === day && done(e)), what)).find((e) => e.day === day)!;

  beforeAll(async () => {
    kit = await accountingKit(db);
    jam = await variant(kit, 380);
    till = await kit.signInTill({ permissions: CASHIER });
    await closedDay();
    await mapAsSuggested(kit);
    await exportsWhen(kit, (e) => e.length === 1 && e[0]!.status === 'posted', 'the first day posted');
  });
  afterAll(() => kit?.close());

  it('a 429 waits the Retry-After the provider gave, then posts', async () => {
    books().retryAfterSeconds = 120;
    books().failNextWith('rate_limit');
    const day = await closedDay();
    const waiting = await when(day, (e) => e.attempts === 1, 'the rate-limited attempt');
    expect(waiting.status).toBe('waiting');
    expect(waiting.lastError).toMatch(/rate limiting/);
    expect(seconds(waiting.nextAttemptAt)).toBeGreaterThan(100);
    expect(seconds(waiting.nextAttemptAt)).toBeLessThanOrEqual(120);
    await makeRetriesDue(kit);
    expect(await when(day, (e) => e.status === 'posted', 'posted after the wait')).toMatchObject({ attempts: 2, lastError: null });
  });

  it('a refusal backs off 1, 5, 30 min, 2 h, 6 h, then is failed with the provider’s message; the retry route sends it again', async () => {
    for (let i = 0; i < 6; i += 1) books().failNextWith('validation');
    const day = await closedDay();
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const e = await when(day, (x) => x.attempts === attempt, `attempt ${attempt}`);
      expect(e.status).toBe('waiting');
      expect(e.lastError).toBe('The transaction date is in a closed accounting period.');
      waits.push(Math.round(seconds(e.nextAttemptAt) / 60));
      await makeRetriesDue(kit);
    }
    expect(waits).toEqual([1, 5, 30, 120, 360]);
    const failed = await when(day, (x) => x.attempts === 6, 'the sixth attempt');
    expect(failed).toMatchObject({
      status: 'failed',
      nextAttemptAt: null,
      lastError: 'The transaction date is in a closed accounting period.',
    });
    const stored = books().stored().length;

    const retried = await kit.request<ExportItem>('POST', `/api/v1/accounting/exports/${failed.id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.body.status).toBe('waiting');
    expect(await when(day, (x) => x.status === 'posted', 'posted after the retry')).toMatchObject({ attempts: 7, lastError: null });
    expect(books().stored()).toHaveLength(stored + 1);

    const again = await kit.request<{ code: string }>('POST', `/api/v1/accounting/exports/${failed.id}/retry`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('accounting.export_posted');
  });

  it('a revoked connection pauses the exports; once reconnected they go on by themselves', async () => {
    books().failNextWith('revoked');
    const day = await closedDay();
    const paused = await when(day, (e) => e.status === 'paused', 'paused');
    expect(paused.lastError).toMatch(/reconnect Test Ledger/);
    const status = await kit.request<{ provider: { connection: { status: string } }; counts: Record<string, number> }>(
      'GET',
      '/api/v1/accounting/status',
    );
    expect(status.body.provider.connection.status).toBe('reconnect_required');
    expect(status.body.counts.paused).toBe(1);
    // A day closing while paused waits paused too, and nothing is sent.
    const posts = books().calls.post;
    const second = await closedDay();
    expect((await when(second, (e) => e.status === 'paused', 'the second day paused')).attempts).toBe(0);
    expect(books().calls.post).toBe(posts);

    books().reconnect();
    await when(day, (e) => e.status === 'posted', 'the first paused day posted');
    expect(await when(second, (e) => e.status === 'posted', 'the second paused day posted')).toMatchObject({
      attempts: 1,
      lastError: null,
    });
  });
});
