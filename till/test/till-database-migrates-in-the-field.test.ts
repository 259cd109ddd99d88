import { randomUUID } from 'node:crypto';
import { createRxDatabase, type RxJsonSchema } from 'rxdb';
import { wrappedKeyEncryptionCryptoJsStorage } from 'rxdb/plugins/encryption-crypto-js';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import type { StoredEventDoc } from '../src/store/collections.ts';
import { appendEvent, pendingEvents } from '../src/store/event-log.ts';
import { valueSeal } from '../src/store/sealed-values.ts';
import { openTillDatabase } from '../src/store/till-database.ts';

/** The event log's schema as tills already in shops have it (version 0, before the index on type). */
const eventSchemaV0: RxJsonSchema<StoredEventDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id: { type: 'string', maxLength: 200 },
    sequence: { type: 'integer', minimum: 1, maximum: 1e15, multipleOf: 1 },
    type: { type: 'string' },
    occurredAt: { type: 'string' },
    payload: { type: 'string' },
    status: { type: 'string', maxLength: 20 },
    answer: { type: ['string', 'null'] },
  },
  required: ['id', 'sequence', 'type', 'occurredAt', 'status'],
  indexes: ['sequence', ['status', 'sequence']],
};

describe('a till in the field takes a new build: its local database climbs to the new schemas', () => {
  it('unsent sales in a version-0 event log survive the migration, readable and in order, and the new index answers', async () => {
    const storage = getRxStorageMemory();
    const name = `till-${randomUUID()}`;
    const password = 'f0'.repeat(32);
    const seal = await valueSeal(password);

    // The old build: two sales waiting to be sent.
    const old = await createRxDatabase({ name, storage: wrappedKeyEncryptionCryptoJsStorage({ storage }), password, multiInstance: false });
    await old.addCollections({ events: { schema: eventSchemaV0 } });
    for (const [sequence, total] of [
      [1, 1250],
      [2, 340],
    ] as const) {
      await old.events.insert({
        id: `dev-1#${sequence}#${randomUUID()}`,
        sequence,
        type: 'sales.sale.completed',
        occurredAt: new Date().toISOString(),
        payload: await seal.seal({ total }),
        status: 'pending',
        answer: null,
      });
    }
    await old.close();

    // The new build opens the same database.
    const db = await openTillDatabase({ name, storage, password });
    expect(db.events.schema.version).toBe(1);
    expect((await pendingEvents(db, 10)).map((e) => [e.sequence, e.payload])).toEqual([
      [1, { total: 1250 }],
      [2, { total: 340 }],
    ]);
    // The index the migration added answers.
    const byType = await db.events.find({ selector: { type: 'sales.sale.completed' }, sort: [{ sequence: 'asc' }] }).exec();
    expect(byType.map((e) => e.sequence)).toEqual([1, 2]);
    await db.close();
  });

  it('a new till starts at the newest schemas with nothing to migrate', async () => {
    const db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'a1'.repeat(32) });
    expect(await db.events.migrationNeeded()).toBe(false);
    const event = await appendEvent(db, 'dev-2', 'sales.shift.opened', { shiftId: 's-1', openingFloat: 0 });
    expect(event.sequence).toBe(1);
    await db.close();
  });
});
