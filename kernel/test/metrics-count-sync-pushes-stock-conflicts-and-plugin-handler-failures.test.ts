import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import { eventually, tillEventLog } from '@kits/plugin-sdk/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';
import { scrape, type Scrape } from './support/metrics-scrape.ts';

type Answer = { id: string; status: string; code?: string };
const PLUGIN = 'shaky-stock';
const sync = { plugin: PLUGIN, kind: 'sync' };
const event = { plugin: PLUGIN, kind: 'event' };

/** The counters a push moves, read from one scrape (a counter never seen reads 0). */
function countersOf(metrics: Scrape) {
  const read = (name: string, labels: Record<string, string>) => metrics.value(name, labels) ?? 0;
  return {
    pushes: (result: string) => read('kits_sync_pushes_total', { result }),
    events: (status: string) => read('kits_sync_events_total', { status }),
    conflicts: (outcome: string) => read('kits_sync_inventory_conflicts_total', { outcome }),
    errors: (labels: Record<string, string>) => read('kits_plugin_handler_errors_total', labels),
    timeouts: (labels: Record<string, string>) => read('kits_plugin_handler_timeouts_total', labels),
    handlerRuns: (labels: Record<string, string>) => read('kits_plugin_handler_duration_seconds_count', labels),
  };
}

describe.each(DATABASE_KINDS)('the kernel counts what sync and plugin handlers do, on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db, plugins: [fixturePlugin(PLUGIN)], env: { HANDLER_TIMEOUT_MS: '400' } });
  });
  afterAll(async () => kit?.close());

  /** Pushes `types` (one event each, in order) from a fresh till; answers the response and the counters before and after. */
  async function pushFromNewTill(types: string[], payload: Record<string, unknown> = {}) {
    const till: TestTill = await kit.signInTill();
    const next = tillEventLog(till.deviceId);
    const before = countersOf(await scrape(kit));
    const response = await kit.request<{ answers: Answer[]; code?: string }>('POST', '/api/v1/sync/push', {
      token: till.token,
      body: { events: types.map((type) => next(type, payload)) },
    });
    return { response, before, after: countersOf(await scrape(kit)) };
  }

  it('every push result and event status is exposed at 0 before any push', async () => {
    const metrics = countersOf(await scrape(kit));
    for (const result of ['accepted', 'denied', 'retry', 'failed']) expect(metrics.pushes(result)).toBe(0);
    for (const status of ['accepted', 'duplicate', 'denied', 'retry']) expect(metrics.events(status)).toBe(0);
    for (const outcome of ['denied', 'accepted_short']) expect(metrics.conflicts(outcome)).toBe(0);
  });

  it('an accepted push counts once as accepted with each of its events, and no conflict', async () => {
    const { response, before, after } = await pushFromNewTill(['shaky.sale.fine', 'shaky.sale.fine']);
    expect(response.body.answers.map((answer) => answer.status)).toEqual(['accepted', 'accepted']);
    expect(after.pushes('accepted') - before.pushes('accepted')).toBe(1);
    expect(after.events('accepted') - before.events('accepted')).toBe(2);
    expect(after.conflicts('denied') + after.conflicts('accepted_short')).toBe(
      before.conflicts('denied') + before.conflicts('accepted_short'),
    );
    expect(after.errors(sync)).toBe(before.errors(sync));
  });

  it('a sale accepted short and one denied for stock are one inventory conflict each; the push counts as denied', async () => {
    const { response, before, after } = await pushFromNewTill(['shaky.sale.short', 'shaky.sale.refused', 'shaky.sale.fine']);
    expect(response.body.answers.map((answer) => [answer.status, answer.code])).toEqual([
      ['accepted', undefined],
      ['denied', 'inventory.insufficient_stock'],
      ['accepted', undefined],
    ]);
    expect(after.conflicts('accepted_short') - before.conflicts('accepted_short')).toBe(1);
    expect(after.conflicts('denied') - before.conflicts('denied')).toBe(1);
    expect(after.pushes('denied') - before.pushes('denied')).toBe(1);
    expect(after.pushes('accepted')).toBe(before.pushes('accepted'));
    expect(after.events('accepted') - before.events('accepted')).toBe(2);
    expect(after.events('denied') - before.events('denied')).toBe(1);
    // A denial is the plugin's answer, not its failure.
    expect(after.errors(sync)).toBe(before.errors(sync));
  });

  it('a sync handler that throws holds the till (retry) and counts one handler error, though it ran twice', async () => {
    const { response, before, after } = await pushFromNewTill(['shaky.sale.fine', 'shaky.sale.broken', 'shaky.sale.fine']);
    expect(response.body.answers.map((answer) => answer.status)).toEqual(['accepted', 'retry', 'retry']);
    expect(after.pushes('retry') - before.pushes('retry')).toBe(1);
    expect(after.events('retry') - before.events('retry')).toBe(2);
    // The optimistic attempt and the savepoint attempt both ran it: only the answering one counts.
    expect(after.errors(sync) - before.errors(sync)).toBe(1);
    expect(after.handlerRuns(sync) - before.handlerRuns(sync)).toBeGreaterThanOrEqual(2);
    expect(after.timeouts(sync)).toBe(before.timeouts(sync));
  });

  it('a sync handler that hangs is a time-out of its plugin and a failed push, with nothing answered', async () => {
    const { response, before, after } = await pushFromNewTill(['shaky.sale.stalls']);
    expect(response.status).toBe(503);
    expect(response.body.code).toBe('plugins.handler_timeout');
    expect(after.pushes('failed') - before.pushes('failed')).toBe(1);
    expect(after.timeouts(sync) - before.timeouts(sync)).toBe(1);
    expect(after.errors(sync)).toBe(before.errors(sync));
    for (const status of ['accepted', 'denied', 'retry']) expect(after.events(status)).toBe(before.events(status));
  });

  it('an event handler that throws counts as its plugin’s error, and its delivery waits as retrying', async () => {
    const { response, before } = await pushFromNewTill(['shaky.alarm.raise'], { mode: 'throw' });
    expect(response.body.answers.map((answer) => answer.status)).toEqual(['accepted']);
    const metrics = await eventually(
      () => scrape(kit),
      (scraped) => countersOf(scraped).errors(event) > before.errors(event),
    );
    expect(countersOf(metrics).errors(event)).toBeGreaterThan(before.errors(event));
    expect(countersOf(metrics).timeouts(event)).toBe(before.timeouts(event));
    expect(metrics.value('kits_events_retried_total', { subscriber: `${PLUGIN}:shaky.alarm.raised` })).toBeGreaterThanOrEqual(1);
    const retrying = await eventually(
      () => scrape(kit),
      (scraped) =>
        (scraped.value('kits_event_queue_messages', { subscriber: `${PLUGIN}:shaky.alarm.raised`, state: 'retrying' }) ?? 0) >= 1,
    );
    expect(retrying.series('kits_event_queue_messages')).toContainEqual({ subscriber: `${PLUGIN}:shaky.alarm.raised`, state: 'waiting' });
  });

  it('an event handler that hangs counts as its plugin’s time-out, not as an error', async () => {
    const { before } = await pushFromNewTill(['shaky.alarm.raise'], { mode: 'hang' });
    const metrics = await eventually(
      () => scrape(kit),
      (scraped) => countersOf(scraped).timeouts(event) > before.timeouts(event),
    );
    expect(countersOf(metrics).timeouts(event)).toBeGreaterThan(before.timeouts(event));
    // A timed-out run is still a run: its duration is observed.
    expect(countersOf(metrics).handlerRuns(event)).toBeGreaterThan(before.handlerRuns(event));
    // Labels name plugins and kinds only — never a tenant or a device.
    for (const labels of metrics.series('kits_plugin_handler_timeouts_total'))
      expect(Object.keys(labels).sort()).toEqual(['kind', 'plugin']);
  });
});
