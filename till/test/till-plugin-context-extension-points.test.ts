import { randomUUID } from 'node:crypto';
import { defineTillPlugin, TillOfflineError, type ReceiptPrinter, type TillApproval, type TillPluginListing } from '@kits/plugin-sdk/till';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { noHardware } from '../testing/test-till.ts';
import { activateTillPlugins, type TillPluginServices } from '../src/plugins/till-plugin-host.ts';
import { tillCatalog } from '../src/store/till-catalog.ts';
import { openTillDatabase, type TillDatabase } from '../src/store/till-database.ts';
import { pendingEvents } from '../src/store/event-log.ts';
import { PeripheralStatus } from '../src/devices/peripheral-status.ts';

const listing = (id: string): TillPluginListing => ({
  id,
  version: '1.0.0',
  displayName: `Plugin ${id}`,
  entry: `/till/plugins/${id}/1.0.0/index.js`,
  settings: {},
});

/** The extension points a plugin's till side has beyond slots: what core-sales' till bundle sells through. */
describe('a till plugin’s context: device state, the event log, approvals, resolution, receipts, the sale screen', () => {
  let db: TillDatabase;
  let sent = 0;
  let chosen: string | undefined;
  let services: TillPluginServices;
  let peripherals: PeripheralStatus;
  beforeEach(async () => {
    db = await openTillDatabase({ name: `till-${randomUUID()}`, storage: getRxStorageMemory(), password: 'till-test-password' });
    sent = 0;
    chosen = undefined;
    services = {
      db,
      session: { deviceId: 'dev-1', locationId: 'loc-1', cashierId: 'c-1', cashierName: 'Ann', permissions: [] },
      location: () => ({ id: 'loc-1', name: 'High Street' }),
      catalog: tillCatalog(db),
      api: { get: () => Promise.reject(new TillOfflineError()), post: () => Promise.reject(new TillOfflineError()) },
      hardware: noHardware,
      peripherals: (peripherals = new PeripheralStatus()),
      send: async () => void (sent += 1),
      printing: { chosenPrinterKey: () => chosen, printsEveryReceipt: () => true },
      outlet: () => () => null,
    };
  });
  afterEach(async () => db.close());

  /** Activates plugins whose `activate` bodies are given, by id; returns what the till holds. */
  const activate = (plugins: Record<string, Parameters<typeof defineTillPlugin>[0]['activate']>) =>
    activateTillPlugins(Object.keys(plugins).map(listing), services, async (url) => ({
      default: defineTillPlugin({ activate: plugins[url.split('/')[3]!]! }),
    }));

  it('device state is each plugin’s own, kept across a restart of the plugins; counters count; a bad key is refused', async () => {
    const seen: unknown[] = [];
    await activate({
      sales: async ({ device }) => {
        await device.set('open-cart', { lines: 2 });
        seen.push(await device.next('receipt-number'), await device.next('receipt-number'));
        await expect(device.set('Bad Key!', 1)).rejects.toThrow('not a device state key');
      },
      other: async ({ device }) => void seen.push(await device.get('open-cart')),
    });
    expect(seen).toEqual([1, 2, undefined]);
    expect((await db.meta.findOne('sales:open-cart').exec())?.value).toEqual({ lines: 2 });
    await activate({
      sales: async ({ device }) => {
        seen.push(await device.get('open-cart'), await device.next('receipt-number'));
        await device.set('open-cart', undefined);
        seen.push(await device.get('open-cart'));
      },
    });
    expect(seen.slice(3)).toEqual([{ lines: 2 }, 3, undefined]);
  });

  it('the event log: append, find by type and status, watch answers come in, resolve only a denied event, send now', async () => {
    const watched: number[] = [];
    await activate({
      sales: async ({ events }) => {
        const first = await events.append('sales.sale.completed', { receiptNumber: 1 });
        await events.append('sales.shift.opened', { shiftId: 's' });
        expect(first.occurredAt).toMatch(/^\d{4}-\d\d-\d\dT/);
        expect((await events.find({ types: ['sales.sale.completed'] })).map((e) => e.payload)).toEqual([{ receiptNumber: 1 }]);
        expect((await events.find({ newestFirst: true, limit: 1 })).map((e) => e.type)).toEqual(['sales.shift.opened']);
        events.watch({ status: 'denied' }, (denied) => watched.push(denied.length));
        await expect(events.resolve(first.eventId)).rejects.toThrow('is pending, not denied');
        await db.events.findOne(first.eventId).incrementalPatch({ status: 'denied' });
        await new Promise((resolve) => setTimeout(resolve, 50));
        await events.resolve(first.eventId);
        await new Promise((resolve) => setTimeout(resolve, 50));
        await events.send();
      },
    });
    expect(watched).toEqual([0, 1, 0]);
    expect(sent).toBe(1);
    expect((await pendingEvents(db, 10)).map((e) => e.type)).toEqual(['sales.shift.opened']);
  });

  it('approvals are asked one at a time and answered by the till’s dialog; cancelled is undefined', async () => {
    const answers: Array<TillApproval | undefined> = [];
    const till = await activate({
      sales: ({ approvals }) => {
        void approvals
          .request({ permission: 'core-sales:discount', action: 'discount.sale', what: '10 % off' })
          .then((a) => answers.push(a));
        void approvals
          .request({ permission: 'core-sales:discount', action: 'discount.line', what: '1.00 off Mug' })
          .then((a) => answers.push(a));
      },
    });
    const onScreen: Array<string | undefined> = [];
    till.approvals.watch((current) => onScreen.push(current?.what));
    const approval: TillApproval = { permission: 'core-sales:discount', action: 'discount.sale', approverId: 'm-1', approverName: 'Mo' };
    till.approvals.answer(approval);
    till.approvals.answer(undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onScreen).toEqual(['10 % off', '1.00 off Mug', undefined]);
    expect(answers).toEqual([approval, undefined]);
  });

  it('the sale screen is the lowest order’s; a denied event type has one resolver; printing goes to the chosen printer', async () => {
    const printed: string[] = [];
    const printer: ReceiptPrinter = { name: 'Front', print: async (receipt) => void printed.push(receipt.saleId) };
    const till = await activate({
      'core-sales': ({ slots, resolution, receipts }) => {
        slots.contribute('sale', () => 'core-sales sells');
        resolution.resolveDenied(['sales.sale.completed'], () => 'resolve a sale');
        receipts.addPrinter(printer);
      },
      'quick-sale': ({ slots, resolution }) => {
        slots.contribute('sale', () => 'quick sale', { order: 10 });
        expect(() => resolution.resolveDenied(['sales.sale.completed'], () => 'mine too')).toThrow('which core-sales resolves already');
      },
    });
    expect(till.slots.saleScreen()?.pluginId).toBe('quick-sale');
    expect(till.resolvers.for('sales.sale.completed')?.pluginId).toBe('core-sales');
    expect(till.resolvers.for('labels.printed')).toBeUndefined();

    let receipts: Parameters<Parameters<typeof defineTillPlugin>[0]['activate']>[0]['receipts'] | undefined;
    await activate({ reader: (context) => void (receipts = context.receipts) });
    expect(receipts!.offered()).toBe(0);
    await expect(receipts!.print({ saleId: 's-1' } as never)).rejects.toThrow('No printer plugin is enabled');
    const withPrinter = await activate({
      'core-sales': (context) => (context.receipts.addPrinter(printer), void (receipts = context.receipts)),
    });
    expect(withPrinter.printers.list()).toHaveLength(1);
    await expect(receipts!.print({ saleId: 's-1' } as never)).rejects.toThrow('No receipt printer is chosen');
    chosen = 'core-sales/Front';
    expect(receipts!.chosen()).toEqual({ name: 'Front', printsEveryReceipt: true });
    expect(await receipts!.print({ saleId: 's-2' } as never)).toEqual({ printer: 'Front' });
    expect(printed).toEqual(['s-2']);
  });

  it('what a plugin learns of a device (its model, its firmware) joins the till’s list for the heartbeat', async () => {
    await activate({
      printer: (context) => {
        context.peripherals.identified({ kind: 'receipt-printer', address: '10.0.0.5:9100', model: 'TM-m30', version: '10.06 ESC/POS' });
        context.peripherals.identified({ kind: 'receipt-printer', address: '   ', model: 'ignored' });
      },
    });
    expect(peripherals.list()).toEqual([
      {
        kind: 'receipt-printer',
        name: 'Printer at 10.0.0.5:9100',
        state: 'ok',
        message: null,
        at: expect.any(String),
        address: '10.0.0.5:9100',
        model: 'TM-m30',
        version: '10.06 ESC/POS',
      },
    ]);
  });

  it('a till upgraded in a shop hands the sale side’s device state to core-sales once: receipt numbers go on', async () => {
    const name = `till-${randomUUID()}`;
    const storage = getRxStorageMemory();
    const old = await openTillDatabase({ name, storage, password: 'till-test-password' });
    await old.meta.bulkInsert([
      { id: 'receipt-number', value: 41 },
      { id: 'open-shift', value: 'shift-7' },
      { id: 'sale:0190ABCD', value: { lineTotals: [100] } },
      { id: 'event-sequence', value: 90 },
    ]);
    await old.close();
    const upgraded = await openTillDatabase({ name, storage, password: 'till-test-password' });
    const ids = (await upgraded.meta.find().exec()).map((doc) => [doc.id, doc.value]);
    expect(Object.fromEntries(ids)).toEqual({
      'core-sales:receipt-number': 41,
      'core-sales:open-shift': 'shift-7',
      'core-sales:sale-0190abcd': { lineTotals: [100] },
      'event-sequence': 90,
    });
    await upgraded.close();
  });
});
