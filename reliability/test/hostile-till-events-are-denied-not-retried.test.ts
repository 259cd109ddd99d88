import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { TestKernel } from '@kits/kernel/test-kit';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changedTables, databaseSnapshotter, type Snapshot } from './support/database-snapshot.ts';
import { bodyMutation, mutateBody } from './support/hostile-requests.ts';
import { firstPartyKernel, openShop, type Shop } from './support/shop.ts';

// What a till pushes is not covered by the OpenAPI document (an event's payload is any JSON there):
// each plugin checks its own till events. A hostile or malformed event must be answered `denied` —
// never `retry` nor a refusal of the whole push, either of which would hold every later sale of
// that till behind it for ever (the till sends the batch again), never a 5xx — and a denied event
// writes nothing but its answer.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_127);
const CASES = Number(process.env.FUZZ_CASES_PER_EVENT_TYPE ?? 30);

type Answer = { id: string; status: string; code?: string };

/** A valid payload of each till event type core-sales handles, naming the shop's objects. */
function validPayloads(shop: Shop, cashierId: string): Record<string, () => unknown> {
  let receipt = 1000;
  const variantId = shop.ids.variantId![0]!;
  const shiftId = shop.till.shiftId;
  return {
    'sales.sale.completed': () => ({
      sale: { id: uuidv7(), shiftId, lines: [{ variantId, quantity: 1 }], tenders: [{ method: 'cash', amount: 450 }], expectedTotal: 450 },
      receiptNumber: ++receipt,
      cashierId,
    }),
    'sales.sale.refunded': () => ({
      refund: { id: uuidv7(), saleId: shop.ids.saleId![0], lines: [{ lineNo: 1, quantity: 1 }], reason: 'broken', restock: true },
    }),
    'sales.sale.voided': () => ({ saleId: uuidv7(), receiptNumber: ++receipt, reason: 'customer left' }),
    'sales.shift.cash': () => ({ shiftId, movementId: uuidv7(), kind: 'in', amount: 500, reason: 'change' }),
    'sales.shift.opened': () => ({ shiftId: uuidv7(), openingFloat: 1000 }),
    'sales.shift.closed': () => ({ shiftId: uuidv7(), counted: [{ denomination: 100, count: 3 }] }),
  };
}

/** Claimed times a till's clock could show: far past, far future, leap days, odd offsets. */
const CLAIMED_TIMES = [
  new Date().toISOString(),
  '1970-01-01T00:00:00.000Z',
  '0001-01-01T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '2024-02-29T23:59:60Z',
  '2026-11-26T12:00:00+14:00',
  '2026-11-26T12:00:00-12:00',
];

describe.each(['postgres', 'pglite'] as const)('hostile till events on %s', (db) => {
  let kit: TestKernel;
  let shop: Shop;
  let snapshot: () => Promise<Snapshot>;

  beforeAll(async () => {
    kit = await firstPartyKernel(db);
    shop = await openShop(kit);
    snapshot = await databaseSnapshotter(kit);
  });
  afterAll(async () => kit?.close());

  it(
    'are denied, never retried nor refused as a whole push, and a denied one writes only its answer',
    { timeout: 10 * 60_000 },
    async () => {
      const payloads = validPayloads(shop, shop.till.cashierId);
      const failures: string[] = [];
      const answers = new Map<string, number>();
      const [position] = await kit.kernel.db.query<{ n: string }>(
        'select coalesce(max(last_sequence), 0) as n from kernel.sync_positions where device_id = $1',
        [shop.till.deviceId],
      );
      let next = Number(position?.n ?? 0);
      let baseline = await snapshot();
      // The answers themselves are the gateway's record of a push: a denied event keeps its answer.
      const bookkeeping = (table: string) => table.startsWith('kernel.sync_events') || table.startsWith('kernel.sync_positions');

      for (const [typeIndex, [type, valid]] of Object.entries(payloads).entries()) {
        const cases = fc.sample(fc.tuple(bodyMutation(), fc.constantFrom(...CLAIMED_TIMES)), { seed: SEED + typeIndex, numRuns: CASES });
        for (const [index, [mutation, occurredAt]] of cases.entries()) {
          const mutated = mutateBody(valid(), mutation);
          let payload: unknown;
          try {
            payload = JSON.parse(mutated.text);
          } catch {
            payload = mutated.text;
          }
          const event = { id: `${shop.till.deviceId}#${next + 1}#${randomUUID()}`, type, occurredAt, payload };
          const what = `${type} case ${index} (${mutated.what}, claimed ${occurredAt}): ${JSON.stringify(event).slice(0, 400)}`;
          const response = await kit.request<{ answers?: Answer[]; code?: string }>('POST', '/api/v1/sync/push', {
            token: shop.till.token,
            body: { events: [event] },
          });
          const answer = response.body.answers?.[0];
          const outcome =
            response.status === 200 ? `${answer?.status} ${answer?.code ?? ''}`.trim() : `${response.status} ${response.body.code}`;
          answers.set(outcome, (answers.get(outcome) ?? 0) + 1);
          if (response.status >= 500) failures.push(`${what} → ${response.status} ${JSON.stringify(response.body)}`);
          // A whole push refused holds the till's queue as a retry does (it sends the batch again);
          // only a body the JSON parser refuses outright (a "__proto__" key), or one event alone over
          // the body limit (a 10,000-line sale), is refused whole.
          const alone = Buffer.byteLength(JSON.stringify({ events: [event] }));
          const tooLargeAlone = response.status === 413 && alone > kit.kernel.config.bodyLimitBytes;
          if (response.status >= 400 && response.status < 500 && response.body.code !== 'request.malformed_json' && !tooLargeAlone)
            failures.push(`${what} → the whole push refused: ${response.status} ${JSON.stringify(response.body)}`);
          if (response.status === 200 && answer?.status === 'retry') failures.push(`${what} → retry ${answer.code}`);
          if (response.status === 200 && answer && answer.status !== 'retry') next += 1;
          const after = await snapshot();
          const changed = changedTables(baseline, after).filter((table) => !bookkeeping(table));
          if ((response.status >= 400 || answer?.status === 'denied') && changed.length > 0)
            failures.push(`${what} → ${outcome}, yet changed ${changed.join(', ')}`);
          baseline = after;
        }
      }

      console.log(
        `hostile till events on ${db}: seed ${SEED}, ${CASES} per type; ${[...answers].map(([outcome, n]) => `${outcome} ×${n}`).join(', ')}`,
      );
      expect(failures, `seed ${SEED}`).toEqual([]);
      // Some events were valid enough to be accepted: the handlers were reached, not only the checks.
      expect([...answers].filter(([outcome]) => outcome.startsWith('accepted')).length).toBeGreaterThan(0);
    },
  );
});
