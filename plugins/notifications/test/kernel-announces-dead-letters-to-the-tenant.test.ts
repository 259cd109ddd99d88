import { eventually } from '@kits/plugin-sdk/test-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { BUS_VARIANTS, busHarness, TENANT, type BusHarness } from '../../../kernel/test/support/event-bus-harness.ts';

// The kernel's side of the dead-letter rule (kernel/src/events/dead-letter-event.ts): a subscriber
// that gives up on an event makes a tenant event, kernel.event.dead_lettered, in the transaction
// that records the dead letter — on both buses — and a dead-lettered announcement is not announced again.

describe.each(BUS_VARIANTS)('dead letters announced, $name', (variant) => {
  let harness: BusHarness;
  afterEach(async () => harness?.close());

  it('a subscriber that always fails dead-letters the event and the tenant hears of it once', async () => {
    harness = await busHarness(variant);
    const bus = harness.bus();
    await bus.subscribe(
      harness.recorder('broken', '#', async () => {
        throw new Error('the label printer is on fire');
      }),
    );
    await bus.subscribe(harness.recorder('all', 'kernel.event.dead_lettered'));
    await bus.start();
    const id = await harness.publish(bus, 'notes.note.created');

    const heard = await eventually(
      () => harness.effects('all'),
      (rows) => rows.length > 0,
    );
    expect(heard).toHaveLength(1);
    const [announcement] = await harness.db.query<{ tenant_id: string; source: string; payload: unknown }>(
      `select tenant_id, source, payload from kernel.outbox where type = 'kernel.event.dead_lettered'`,
    );
    expect(announcement).toEqual({
      tenant_id: TENANT,
      source: 'kernel',
      payload: { eventId: id, eventType: 'notes.note.created', subscriber: 'broken', attempts: 3, error: 'the label printer is on fire' },
    });
    // 'broken' fails on the announcement too: it is dead-lettered, and not announced again.
    await eventually(
      () => harness.db.query<{ event_id: string }>(`select event_id from kernel.dead_letters where subscriber = 'broken'`),
      (rows) => rows.length === 2,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await harness.db.query(`select 1 from kernel.outbox where type = 'kernel.event.dead_lettered'`)).toHaveLength(1);
    expect(await harness.effects('all')).toHaveLength(1);
  });
});
