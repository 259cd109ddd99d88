import type { TillEventLog, TillEventQuery, TillLoggedEvent } from '@kits/plugin-sdk/till';
import type { StoredEventDoc } from '../store/collections.ts';
import { appendEvent, openEvent } from '../store/event-log.ts';
import type { TillDatabase } from '../store/till-database.ts';

function selectorOf(query: TillEventQuery): Record<string, unknown> {
  const selector: Record<string, unknown> = {
    sequence: { $gte: Math.max(1, query.fromSequence ?? 1), ...(query.beforeSequence !== undefined ? { $lt: query.beforeSequence } : {}) },
  };
  if (query.types) selector['type'] = { $in: [...query.types] };
  if (query.status !== undefined) selector['status'] = { $in: typeof query.status === 'string' ? [query.status] : [...query.status] };
  if (query.since) selector['occurredAt'] = { $gte: query.since };
  return selector;
}

function rxQuery(db: TillDatabase, query: TillEventQuery) {
  return db.events.find({
    selector: selectorOf(query) as never,
    sort: [{ sequence: query.newestFirst ? 'desc' : 'asc' }],
    ...(query.limit !== undefined ? { limit: query.limit } : {}),
  });
}

const opened = <Payload>(db: TillDatabase, docs: ReadonlyArray<{ toJSON(): unknown }>) =>
  Promise.all(docs.map((doc) => openEvent(db, doc.toJSON() as StoredEventDoc))) as Promise<Array<TillLoggedEvent<Payload>>>;

/** The event log as a plugin sees it (`context.events`): append, read back, resolve, send now. */
export function pluginEventLog(db: TillDatabase, deviceId: string, send: () => Promise<void>): TillEventLog {
  return {
    async append(type, payload) {
      const event = await appendEvent(db, deviceId, type, payload);
      return { eventId: event.id, occurredAt: event.occurredAt };
    },
    async find<Payload>(query: TillEventQuery) {
      return opened<Payload>(db, await rxQuery(db, query).exec());
    },
    watch<Payload>(query: TillEventQuery, listener: (events: Array<TillLoggedEvent<Payload>>) => void) {
      let latest = 0;
      const subscription = rxQuery(db, query).$.subscribe((docs) => {
        const mine = ++latest;
        void opened<Payload>(db, docs).then((events) => mine === latest && listener(events));
      });
      return () => subscription.unsubscribe();
    },
    async resolve(eventId) {
      const doc = await db.events.findOne(eventId).exec();
      if (!doc) throw new Error(`The till has no event ${eventId}.`);
      if (doc.status !== 'denied') throw new Error(`Event ${eventId} is ${doc.status}, not denied: only a denied event is resolved.`);
      await doc.incrementalPatch({ status: 'resolved' });
    },
    send,
  };
}
