import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestKernel, type TestKernel, type TestTill } from '@kits/kernel/test-kit';
import {
  defineTillPlugin,
  TillHardwareError,
  TillOfflineError,
  type TillApi,
  type TillCollection,
  type TillCollectionSchema,
  type TillPluginContext,
  type TillPluginListing,
} from '@kits/plugin-sdk/till';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedToken } from '../src/auth/access-token.ts';
import { activateTillPlugins, type TillPluginServices } from '../src/plugins/till-plugin-host.ts';
import { tillCatalog } from '../src/store/till-catalog.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { gatewayClient } from '../src/sync/gateway-client.ts';
import { liveStream } from '../src/sync/live-stream.ts';

const TALLY = fileURLToPath(new URL('../../kernel/test/fixtures/plugins/tally', import.meta.url));

const listing = (id: string): TillPluginListing => ({
  id,
  version: '1.0.0',
  displayName: `Plugin ${id}`,
  entry: `/till/plugins/${id}/1.0.0/index.js`,
  settings: {},
});
const offlineApi: TillApi = { get: () => Promise.reject(new TillOfflineError()), post: () => Promise.reject(new TillOfflineError()) };
const services = (db: TillDatabase, api: TillApi = offlineApi, news?: TillPluginServices['news']): TillPluginServices => ({
  db,
  session: { deviceId: 'dev-1', locationId: 'loc-1', cashierId: 'c-1', cashierName: 'Cashier One', permissions: [] },
  location: () => ({ id: 'loc-1' }),
  send: async () => undefined,
  printing: { chosenPrinterKey: () => undefined, printsEveryReceipt: () => false },
  outlet: () => () => null,
  catalog: tillCatalog(db),
  api,
  hardware: {
    available: async () => false,
    tcpPrint: () => Promise.reject(new TillHardwareError('hardware.not_available', 'none')),
    serialWrite: () => Promise.reject(new TillHardwareError('hardware.not_available', 'none')),
    listSerialPorts: async () => ({ ports: [] }),
  },
  ...(news ? { news } : {}),
});

/** Activates plugins whose activate functions are given by id; answers each plugin's context. */
async function activate(
  db: TillDatabase,
  plugins: Record<string, (context: TillPluginContext) => Promise<void>>,
  api?: TillApi,
  news?: TillPluginServices['news'],
) {
  const contexts = new Map<string, TillPluginContext>();
  const result = await activateTillPlugins(Object.keys(plugins).map(listing), services(db, api, news), async (url) => {
    const id = url.split('/')[3]!;
    return {
      default: defineTillPlugin({
        async activate(context) {
          contexts.set(id, context);
          await plugins[id]!(context);
        },
      }),
    };
  });
  return { result, contexts };
}

type Note = { id: string; text: string; pinned: boolean; customer?: string };
const notesV0: TillCollectionSchema = {
  version: 0,
  properties: { text: { type: 'string' }, pinned: { type: 'boolean' }, customer: { type: 'string' } },
  required: ['text', 'pinned'],
  encrypted: ['customer'],
};

describe('plugins keep their own collections in the till’s database', () => {
  it('a plugin opens a collection and keeps, finds, watches and removes its documents; another plugin’s of the same name is another', async () => {
    const db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    const opened: Record<string, TillCollection<Note>> = {};
    const { result } = await activate(db, {
      notes: async (context) => void (opened.notes = await context.collections.open<Note>('notes', notesV0)),
      other: async (context) => void (opened.other = await context.collections.open<Note>('notes', notesV0)),
      clumsy: async (context) => void (await context.collections.open('Bad-Name', notesV0)),
    });
    expect(result.failed.map((f) => [f.id, f.reason])).toEqual([['clumsy', expect.stringContaining('is not a till collection name')]]);
    const notes = opened.notes!;
    const seen: string[][] = [];
    const stop = notes.watch({ pinned: true }, (docs) => seen.push(docs.map((d) => d.text)));
    await notes.upsert({ id: 'n1', text: 'call the supplier', pinned: true, customer: 'Ada Lovelace' });
    await notes.upsert({ id: 'n2', text: 'sweep', pinned: false });
    expect(await notes.get('n1')).toEqual({ id: 'n1', text: 'call the supplier', pinned: true, customer: 'Ada Lovelace' });
    expect((await notes.find({ selector: { pinned: false } })).map((d) => d.id)).toEqual(['n2']);
    await expect.poll(() => seen.at(-1)).toEqual(['call the supplier']);
    expect(await opened.other!.find()).toEqual([]);
    await notes.remove('n1');
    expect(await notes.get('n1')).toBeUndefined();
    await expect.poll(() => seen.at(-1)).toEqual([]);
    stop();
    await result.collections.stop();
    await db.close();
  });

  it('a new version of a plugin migrates the documents tills already hold', async () => {
    const storage = getRxStorageMemory();
    const name = `till-${randomUUID()}`;
    const first = await openTillDatabase({ name, storage, password: 'till-test-password' });
    await activate(first, {
      notes: async (context) => {
        const notes = await context.collections.open<Note>('notes', notesV0);
        await notes.upsert({ id: 'n1', text: 'Call the supplier', pinned: true });
      },
    });
    await first.close();

    type NoteV1 = { id: string; text: string; priority: 'high' | 'normal' };
    const second = await openTillDatabase({ name, storage, password: 'till-test-password' });
    let notes!: TillCollection<NoteV1>;
    await activate(second, {
      notes: async (context) => {
        notes = await context.collections.open<NoteV1>(
          'notes',
          { version: 1, properties: { text: { type: 'string' }, priority: { type: 'string' } }, required: ['text', 'priority'] },
          { migrations: { 1: (old) => ({ id: old.id, text: old.text, priority: old.pinned ? 'high' : 'normal' }) } },
        );
      },
    });
    expect(await notes.find()).toEqual([{ id: 'n1', text: 'Call the supplier', priority: 'high' }]);
    await second.close();
  });
});

describe('a plugin’s collection pulled from its sync source on the server', () => {
  let kit: TestKernel;
  let till: TestTill;
  let url: string;
  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [TALLY], db: 'pglite' });
    url = await kit.kernel.listen();
    till = await kit.signInTill();
  });
  afterAll(async () => kit?.close());

  const push = (amount: number, sequence: number) =>
    kit.request('POST', '/api/v1/sync/push', {
      token: till.token,
      body: {
        events: [
          {
            id: `${till.deviceId}#${sequence}#${randomUUID()}`,
            type: 'tally.entry.add',
            occurredAt: new Date().toISOString(),
            payload: { amount },
          },
        ],
      },
    });

  it('fills it in pages and keeps it live as the server publishes', async () => {
    await push(5, 1);
    await push(7, 2);
    const db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    const client = gatewayClient(url, fixedToken(till.token));
    const live = liveStream(client);
    let entries!: TillCollection<{ id: string; amount: number }>;
    const { result } = await activate(
      db,
      {
        tally: async (context) => {
          entries = await context.collections.open(
            'entries',
            { version: 0, properties: { amount: { type: 'integer' } } },
            {
              pull: { source: 'entries', changedBy: ['tally.entry.added'] },
            },
          );
        },
      },
      client,
      (types) => live.newsFor(types),
    );
    const amounts = async () => (await entries.find()).map((e) => e.amount).sort((a, b) => a - b);
    await expect.poll(amounts, { timeout: 15_000 }).toEqual([5, 7]);
    await push(11, 3);
    await expect.poll(amounts, { timeout: 15_000 }).toEqual([5, 7, 11]);
    live.close();
    await result.collections.stop();
    await db.close();
  });
});
