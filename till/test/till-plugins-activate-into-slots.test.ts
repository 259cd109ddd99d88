import { randomUUID } from 'node:crypto';
import {
  defineTillPlugin,
  TillHardwareError,
  TillOfflineError,
  type ReceiptPrinter,
  type TillApi,
  type TillHardware,
  type TillPluginListing,
} from '@kits/plugin-sdk/till';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { activateTillPlugins, tillPluginList, type TillPluginServices } from '../src/plugins/till-plugin-host.ts';
import { pendingEvents } from '../src/store/event-log.ts';
import { tillCatalog } from '../src/store/till-catalog.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { PeripheralStatus } from '../src/devices/peripheral-status.ts';

const listing = (id: string, settings: Record<string, unknown> = {}): TillPluginListing => ({
  id,
  version: '1.0.0',
  displayName: `Plugin ${id}`,
  entry: `/till/plugins/${id}/1.0.0/index.js`,
  settings,
});

const screen = () => 'a screen';

/** A till with no hardware: what a plugin's context hands on. */
const noHardware: TillHardware = {
  available: async () => false,
  tcpPrint: () => Promise.reject(new TillHardwareError('hardware.not_available', 'no hardware here')),
  tcpExchange: () => Promise.reject(new TillHardwareError('hardware.not_available', 'no hardware here')),
  serialWrite: () => Promise.reject(new TillHardwareError('hardware.not_available', 'no hardware here')),
  listSerialPorts: async () => ({ ports: [] }),
};
const printer = (name: string): ReceiptPrinter => ({ name, print: async () => undefined });

describe('the till activates its plugins and mounts what they contribute', () => {
  let db: TillDatabase;
  let services: TillPluginServices;
  const unusedApi: TillApi = {
    get: () => Promise.reject(new TillOfflineError()),
    post: () => Promise.reject(new TillOfflineError()),
  };
  beforeEach(async () => {
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    services = {
      db,
      session: { deviceId: 'dev-1', locationId: 'loc-1', cashierId: 'c-1', cashierName: 'Cashier One', permissions: [] },
      location: () => ({ id: 'loc-1' }),
      send: async () => undefined,
      printing: { chosenPrinterKey: () => undefined, printsEveryReceipt: () => false },
      outlet: () => () => null,
      catalog: tillCatalog(db),
      api: unusedApi,
      hardware: noHardware,
      peripherals: new PeripheralStatus(),
    };
  });
  afterEach(async () => db.close());

  it('each plugin gets its own context; contributions come back per slot, by order', async () => {
    const modules: Record<string, unknown> = {
      '/till/plugins/labels/1.0.0/index.js': defineTillPlugin({
        activate({ slots, plugin, settings }) {
          expect(plugin).toEqual({ id: 'labels', version: '1.0.0' });
          expect(settings).toEqual({ size: 'small' });
          slots.contribute('menu', screen, { title: 'Labels', order: 50, shortcut: 'F7' });
          slots.contribute('receipt.footer', screen);
        },
      }),
      '/till/plugins/stock/1.0.0/index.js': defineTillPlugin({
        activate({ slots }) {
          slots.contribute('menu', screen, { title: 'Stock', order: 10 });
        },
      }),
    };
    const plugins = await activateTillPlugins([listing('labels', { size: 'small' }), listing('stock')], services, async (url) => ({
      default: modules[url],
    }));
    expect(plugins.failed).toEqual([]);
    expect(plugins.loaded.map((p) => p.id)).toEqual(['labels', 'stock']);
    expect(plugins.slots.of('menu').map((c) => [c.title, c.pluginId, c.shortcut])).toEqual([
      ['Stock', 'stock', undefined],
      ['Labels', 'labels', 'F7'],
    ]);
    expect(plugins.slots.of('receipt.footer').map((c) => c.key)).toEqual(['labels:receipt.footer:0']);
    expect(plugins.slots.of('checkout.tender')).toEqual([]);
  });

  it('a plugin that fails to load or activate is left out with its reason; what it contributed first is withdrawn', async () => {
    const modules: Record<string, { default?: unknown }> = {
      '/till/plugins/half/1.0.0/index.js': {
        default: defineTillPlugin({
          activate({ slots }) {
            slots.contribute('menu', screen, { title: 'Half' });
            throw new Error('settings are missing');
          },
        }),
      },
      '/till/plugins/bare/1.0.0/index.js': { default: { hello: 'world' } },
      '/till/plugins/untitled/1.0.0/index.js': { default: defineTillPlugin({ activate: ({ slots }) => slots.contribute('menu', screen) }) },
      '/till/plugins/nowhere/1.0.0/index.js': {
        default: defineTillPlugin({ activate: ({ slots }) => slots.contribute('checkout.sidebar' as 'menu', screen, { title: 'X' }) }),
      },
      '/till/plugins/fine/1.0.0/index.js': { default: defineTillPlugin({ activate: ({ slots }) => slots.contribute('settings', screen) }) },
    };
    const ids = ['half', 'bare', 'untitled', 'nowhere', 'gone', 'fine'];
    const plugins = await activateTillPlugins(
      ids.map((id) => listing(id)),
      services,
      async (url) => {
        const module = modules[url];
        if (!module) throw new TypeError(`Failed to fetch dynamically imported module: ${url}`);
        return module;
      },
    );
    expect(plugins.loaded.map((p) => p.id)).toEqual(['fine']);
    expect(Object.fromEntries(plugins.failed.map((f) => [f.id, f.reason]))).toEqual({
      half: 'settings are missing',
      bare: '/till/plugins/bare/1.0.0/index.js has no default export made with defineTillPlugin({ activate }).',
      untitled: 'untitled contributes a menu screen without a title: pass { title } so the menu can show it.',
      nowhere: expect.stringContaining('contributes to "checkout.sidebar", which the till does not have'),
      gone: 'Failed to fetch dynamically imported module: /till/plugins/gone/1.0.0/index.js',
    });
    expect(plugins.slots.of('menu')).toEqual([]);
    expect(plugins.slots.of('settings').map((c) => c.pluginId)).toEqual(['fine']);
  });

  it('a plugin appends till events to the device’s ordered log', async () => {
    let append: ((type: string, payload: unknown) => Promise<{ eventId: string }>) | undefined;
    await activateTillPlugins([listing('labels')], services, async () => ({
      default: defineTillPlugin({ activate: ({ events }) => void (append = events.append) }),
    }));
    const first = await append!('labels.label.printed', { variantId: 'v-1', copies: 2 });
    const second = await append!('labels.label.printed', { variantId: 'v-2', copies: 1 });
    expect(first.eventId).toMatch(/^dev-1#1#/);
    expect(second.eventId).toMatch(/^dev-1#2#/);
    const [stored] = await pendingEvents(db, 1);
    expect(stored).toMatchObject({ type: 'labels.label.printed', payload: { variantId: 'v-1', copies: 2 }, status: 'pending' });
  });

  it('the plugin list is kept for offline starts; a till that never saw it says so', async () => {
    const online: TillApi = { ...unusedApi, get: async <R>() => ({ items: [listing('stock')] }) as R };
    await expect(tillPluginList(db, unusedApi)).rejects.toBeInstanceOf(TillOfflineError);
    expect((await tillPluginList(db, online)).map((p) => p.id)).toEqual(['stock']);
    expect((await tillPluginList(db, unusedApi)).map((p) => p.id)).toEqual(['stock']);
  });

  it('plugins offer receipt printers and get the till’s hardware; a failed plugin’s printers are withdrawn, a bad printer is refused', async () => {
    const modules: Record<string, unknown> = {
      '/till/plugins/escpos/1.0.0/index.js': defineTillPlugin({
        activate({ receipts, hardware }) {
          expect(hardware).toBe(noHardware);
          receipts.addPrinter(printer('Front counter'));
          receipts.addPrinter(printer('Back office'));
        },
      }),
      '/till/plugins/broken/1.0.0/index.js': defineTillPlugin({
        activate({ receipts }) {
          receipts.addPrinter(printer('Kitchen'));
          throw new Error('no connection configured');
        },
      }),
      '/till/plugins/nameless/1.0.0/index.js': defineTillPlugin({
        activate: ({ receipts }) => receipts.addPrinter({ name: ' ', print: async () => undefined }),
      }),
      '/till/plugins/twice/1.0.0/index.js': defineTillPlugin({
        activate({ receipts }) {
          receipts.addPrinter(printer('Front counter'));
          receipts.addPrinter(printer('Front counter'));
        },
      }),
    };
    const plugins = await activateTillPlugins(
      ['escpos', 'broken', 'nameless', 'twice'].map((id) => listing(id)),
      services,
      async (url) => ({ default: modules[url] }),
    );

    expect(plugins.printers.list().map((offered) => [offered.key, offered.name, offered.pluginName])).toEqual([
      ['escpos/Front counter', 'Front counter', 'Plugin escpos'],
      ['escpos/Back office', 'Back office', 'Plugin escpos'],
    ]);
    expect(plugins.printers.find('escpos/Back office')?.name).toBe('Back office');
    expect(plugins.printers.find('broken/Kitchen')).toBeUndefined();
    expect(Object.fromEntries(plugins.failed.map((f) => [f.id, f.reason]))).toEqual({
      broken: 'no connection configured',
      nameless: 'nameless offers a receipt printer without a name: the cashier chooses printers by name.',
      twice: 'twice offers two receipt printers named "Front counter": give each its own name.',
    });
  });
});
