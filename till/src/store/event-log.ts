import { v4 as uuidv4 } from 'uuid';
import type { EventDoc, StoredEventDoc } from './collections.ts';
import type { TillDatabase } from './till-database.ts';

const SEQUENCE = 'event-sequence';

/** Takes the next value of a counter kept in `meta` (the till's own, so it counts offline too). */
async function nextCounter(db: TillDatabase, name: string): Promise<number> {
  let next = 0;
  const counter = await db.meta.insertIfNotExists({ id: name, value: 0 });
  await counter.incrementalModify((current) => {
    next = Number(current.value ?? 0) + 1;
    return { ...current, value: next };
  });
  return next;
}

/**
 * Appends a change to the till's ordered event log, at once and offline: the id carries the
 * device and the next sequence (`{deviceId}#{sequence}#{uuid}`, DESIGN §6); the sync agent pushes
 * pending events in sequence order.
 */
export async function appendEvent(db: TillDatabase, deviceId: string, type: string, payload: unknown, now = new Date()): Promise<EventDoc> {
  const sequence = await nextCounter(db, SEQUENCE);
  const event: EventDoc = {
    id: `${deviceId}#${sequence}#${uuidv4()}`,
    sequence,
    type,
    occurredAt: now.toISOString(),
    payload,
    status: 'pending',
    answer: null,
  };
  await db.events.insert({ ...event, payload: await db.seal.seal(payload), answer: null });
  return event;
}

/** An event as the database keeps it, opened: its payload and answer readable. */
export async function openEvent(db: TillDatabase, stored: StoredEventDoc): Promise<EventDoc> {
  return {
    ...stored,
    payload: await db.seal.open(stored.payload),
    answer: stored.answer === null ? null : await db.seal.open(stored.answer),
  };
}

const openAll = (db: TillDatabase, docs: ReadonlyArray<{ toJSON(): unknown }>) =>
  Promise.all(docs.map((doc) => openEvent(db, doc.toJSON() as StoredEventDoc)));

/** Events not yet answered, oldest first. */
export async function pendingEvents(db: TillDatabase, limit: number): Promise<EventDoc[]> {
  return openAll(db, await db.events.find({ selector: { status: 'pending' }, sort: [{ sequence: 'asc' }], limit }).exec());
}

/** Events the server denied: the resolution queue a cashier or manager works through. */
export async function deniedEvents(db: TillDatabase): Promise<EventDoc[]> {
  return openAll(db, await db.events.find({ selector: { status: 'denied' }, sort: [{ sequence: 'asc' }] }).exec());
}
