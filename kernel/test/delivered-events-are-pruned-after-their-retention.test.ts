import { randomUUID } from 'node:crypto';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalLocks } from '../src/coordination/local.ts';
import { createEventRetention } from '../src/events/retention.ts';
import { DATABASE_KINDS } from './support/databases.ts';

// The outbox and the applied-event records would grow for ever: past EVENT_RETENTION_DAYS after
// relay, a delivered event goes; one still to deliver stays however old, and one that occurred long
// ago (a till's offline sale) counts from its relay.
describe.each(DATABASE_KINDS)('delivered events past their retention, on %s', (kind) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db: kind });
  });
  afterAll(async () => kit?.close());

  const outboxEvent = async (name: string, occurredDaysAgo: number, relayedDaysAgo: number) => {
    const eventId = randomUUID();
    await kit.kernel.db.query(
      `insert into kernel.outbox (tenant_id, event_id, type, source, payload, occurred_at, relayed_at)
       values ($1, $2, 'retention.test', 'test', jsonb_build_object('name', $3::text), now() - make_interval(days => $4),
               now() - make_interval(days => $5))`,
      [kit.tenant.id, eventId, name, occurredDaysAgo, relayedDaysAgo],
    );
    return eventId;
  };
  const processed = (subscriber: string, daysAgo: number) =>
    kit.kernel.db.query(
      `insert into kernel.processed_events (tenant_id, subscriber, event_id, processed_at) values ($1, $2, $3, now() - make_interval(days => $4))`,
      [kit.tenant.id, subscriber, randomUUID(), daysAgo],
    );

  it('prunes what was relayed and delivered long ago, and keeps the rest', async () => {
    await outboxEvent('delivered long ago', 40, 40);
    const retrying = await outboxEvent('still retrying', 40, 40);
    await kit.kernel.db.query(
      `insert into kernel.event_deliveries (tenant_id, event_id, subscriber, attempts) values ($1, $2, 'retention-test', 3)`,
      [kit.tenant.id, retrying],
    );
    await outboxEvent('arrived late from a till', 40, 1);
    await processed('retention-test-old', 40);
    await processed('retention-test-new', 1);

    // Its period shortened, so the test need not wait an hour for the first pruning.
    const retention = createEventRetention({
      db: kit.kernel.db,
      locks: createLocalLocks(),
      log: pino({ level: 'silent' }),
      days: 30,
      everyMs: 50,
    });
    const outboxLeft = async () =>
      (
        await kit.kernel.db.query<{ name: string }>(
          "select payload->>'name' as name from kernel.outbox where type = 'retention.test' order by name",
        )
      ).map((row) => row.name);
    retention.start();
    await expect.poll(outboxLeft, { timeout: 10_000 }).toEqual(['arrived late from a till', 'still retrying']);
    await retention.stop();
    const subscribers = await kit.kernel.db.query<{ subscriber: string }>(
      "select subscriber from kernel.processed_events where subscriber like 'retention-test%'",
    );
    expect(subscribers.map((row) => row.subscriber)).toEqual(['retention-test-new']);
    // Nothing more is due: a second pruning removes nothing.
    expect(await retention.prune()).toEqual({ outbox: 0, processed: 0 });
  });
});
