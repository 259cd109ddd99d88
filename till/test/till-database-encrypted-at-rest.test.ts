import { randomUUID } from 'node:crypto';
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { databasePassword, keychainDatabasePassword, memoryKeyVault } from '../src/store/device-key.ts';
import { TillOfflineError } from '@kits/plugin-sdk/till';
import { PluginCollections } from '../src/plugins/plugin-collections.ts';
import { appendEvent, pendingEvents } from '../src/store/event-log.ts';
import { openTillDatabase } from '../src/store/till-database.ts';

describe('the till’s database is encrypted at rest with a key made and sealed on the device', () => {
  it('the database key is random per database, sealed with a key no script can read, and the same when asked again', async () => {
    const vault = memoryKeyVault();
    const first = await databasePassword(vault, 'kits-till-a');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await databasePassword(vault, 'kits-till-a')).toBe(first);
    expect(await databasePassword(vault, 'kits-till-b')).not.toBe(first);
    const sealed = (await vault.read('kits-till-a'))!;
    expect(sealed.wrappingKey.extractable).toBe(false);
    await expect(crypto.subtle.exportKey('raw', sealed.wrappingKey)).rejects.toThrow();
    expect(Buffer.from(sealed.sealed).toString('hex')).not.toContain(first);
  });

  it('in the Electron shell the key is sealed by the operating system’s keychain and kept only sealed', async () => {
    const sealedWith = (text: string) => `os-sealed:${Buffer.from(text).toString('base64').split('').reverse().join('')}`;
    const keychain = {
      seal: async (text: string) => sealedWith(text),
      unseal: async (sealed: string) => Buffer.from(sealed.slice('os-sealed:'.length).split('').reverse().join(''), 'base64').toString(),
    };
    const kept = new Map<string, string>();
    const store = { getItem: (key: string) => kept.get(key) ?? null, setItem: (key: string, value: string) => void kept.set(key, value) };
    const first = await keychainDatabasePassword(keychain, store, 'kits-till-a');
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(await keychainDatabasePassword(keychain, store, 'kits-till-a')).toBe(first);
    expect([...kept.values()]).toEqual([sealedWith(first)]);
    expect([...kept.values()].join()).not.toContain(first);
  });

  it('sales in the event log, a plugin’s personal data and the device state are stored as ciphertext; another key opens nothing', async () => {
    // What reaches the storage underneath (IndexedDB in the app): what someone copying its files would read.
    const written: Array<{ collection: string; document: Record<string, unknown> }> = [];
    const memory = getRxStorageMemory();
    const recording: RxStorage<unknown, unknown> = {
      ...memory,
      async createStorageInstance(params) {
        const instance = await memory.createStorageInstance(params);
        const bulkWrite = instance.bulkWrite.bind(instance);
        instance.bulkWrite = (rows, context) => {
          for (const row of rows) written.push({ collection: params.collectionName, document: row.document as Record<string, unknown> });
          return bulkWrite(rows, context);
        };
        return instance;
      },
    } as RxStorage<unknown, unknown>;
    const name = `till-${randomUUID()}`;
    const password = await databasePassword(memoryKeyVault(), name);
    const db = await openTillDatabase({ name, storage: recording, password });
    const event = await appendEvent(db, 'dev-1', 'sales.sale.completed', { customer: 'Jane Roe', total: 1250 });
    expect((await pendingEvents(db, 1)).map((e) => [e.id, e.payload])).toEqual([[event.id, { customer: 'Jane Roe', total: 1250 }]]);
    // A plugin's collection with personal data in fields it marks encrypted (core-sales' customers).
    const offline = { get: () => Promise.reject(new TillOfflineError()), post: () => Promise.reject(new TillOfflineError()) };
    const customers = await new PluginCollections({ db, api: offline })
      .forPlugin('core-sales')
      .open<{ id: string; name: string; email: string; phone: string }>('customers', {
        version: 0,
        properties: { name: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' } },
        encrypted: ['name', 'email', 'phone'],
      });
    await customers.upsert({ id: 'customer-1', name: 'Jane Roe', email: 'jane@roe.example', phone: '555 0199' });
    expect((await customers.find()).map((c) => c.email)).toEqual(['jane@roe.example']);

    const events = written.filter((w) => w.collection === 'events');
    const meta = written.filter((w) => w.collection === 'meta');
    expect(events).toHaveLength(1);
    expect(meta.length).toBeGreaterThan(0);
    expect(typeof events[0]!.document.payload).toBe('string');
    for (const secret of ['Jane Roe', 'jane@roe.example', '555 0199']) expect(JSON.stringify(written)).not.toContain(secret);
    expect(written.filter((w) => w.collection.endsWith('xcustomers'))).toHaveLength(1);
    for (const row of meta) expect(typeof row.document.value).toBe('string');
    // What the till looks up by stays readable: the event's type, sequence and status.
    expect(events[0]!.document).toMatchObject({ type: 'sales.sale.completed', sequence: 1, status: 'pending' });
    await db.close();

    await expect(openTillDatabase({ name, storage: recording, password: 'f'.repeat(64) })).rejects.toThrow(/DB1/);
  });
});
