import { randomUUID } from 'node:crypto';
import type { RxStorage } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { CheckoutMachine, type SellableItem, type TillPricing } from '../../src/till/checkout/checkout-machine.ts';
import { openCartKeeper, type OpenCartKeeper } from '../../src/till/store/open-cart.ts';
import { databasePassword, memoryKeyVault, openTillDatabase, pluginDeviceState } from '@kits/till/testing';

const PRICING: TillPricing = {
  currency: 'EUR',
  pricesIncludeTax: true,
  taxRounding: 'line',
  cashRounding: 5,
  taxRates: { standard: [{ name: 'VAT', basisPoints: 2000 }] },
  promotions: [],
};
const mug: SellableItem = { variantId: 'v-mug', name: 'Ceramic Mug', sku: 'MUG', unitPrice: 1250, taxClass: 'standard' };
const customer = { id: 'customer-1', name: 'Jane Roe' };

const failures: Error[] = [];
function keptMachine(keeper: OpenCartKeeper, customerOf: () => typeof customer | undefined) {
  return new CheckoutMachine({
    pricing: PRICING,
    can: () => true,
    nextReceiptNumber: () => 1,
    newSaleId: () => 'sale-1',
    cashierId: 'cashier-1',
    onChange: (state) => keeper.keep(state, customerOf()),
  });
}

describe('the open cart is kept on the device, sealed, and a restarted till opens on it', () => {
  it('a cart with a discount and a customer is there again after the database is closed and opened; sealed at rest; a completed sale clears it', async () => {
    const written: Array<Record<string, unknown>> = [];
    const memory = getRxStorageMemory();
    const recording: RxStorage<unknown, unknown> = {
      ...memory,
      async createStorageInstance(params) {
        const instance = await memory.createStorageInstance(params);
        const bulkWrite = instance.bulkWrite.bind(instance);
        instance.bulkWrite = (rows, context) => {
          if (params.collectionName === 'meta') for (const row of rows) written.push(row.document as Record<string, unknown>);
          return bulkWrite(rows, context);
        };
        return instance;
      },
    } as RxStorage<unknown, unknown>;
    const name = `till-${randomUUID()}`;
    const password = await databasePassword(memoryKeyVault(), name);

    const before = await openTillDatabase({ name, storage: recording, password });
    const keeper = openCartKeeper({ device: pluginDeviceState(before, 'core-sales') }, (error) => failures.push(error));
    const selling = keptMachine(keeper, () => customer);
    selling.add(mug, 2);
    selling.discountLine(0, { kind: 'percent', basisPoints: 1000 });
    selling.discountCart({ kind: 'amount', amount: 100 });
    selling.setCustomer(customer.id);
    selling.startTender();
    await keeper.settled();
    const cart = selling.state;
    await before.close();
    // What someone copying the storage's files reads: no item, no customer.
    expect(written.length).toBeGreaterThan(0);
    for (const secret of ['Ceramic Mug', 'Jane Roe', 'v-mug']) expect(JSON.stringify(written)).not.toContain(secret);

    const after = await openTillDatabase({ name, storage: recording, password });
    const reopened = openCartKeeper({ device: pluginDeviceState(after, 'core-sales') }, (error) => failures.push(error));
    const kept = await reopened.load();
    expect(kept?.customer).toEqual(customer);
    const restarted = keptMachine(reopened, () => kept?.customer);
    restarted.restore(kept!.cart);
    // Back in the cart (the tenders of a payment under way are not kept), as it was.
    if (cart.step !== 'tender') throw new Error('the sale was at payment');
    expect(restarted.state).toEqual({
      step: 'cart',
      lines: cart.lines,
      cartDiscount: cart.cartDiscount,
      customerId: customer.id,
    });
    // (2 × 12.50 − 10 %) − 1.00 = 21.50
    expect(restarted.priced().total).toBe(2150);

    restarted.startTender();
    restarted.addTender({ method: 'cash', amount: 2150 });
    restarted.complete();
    await reopened.settled();
    expect(await reopened.load()).toBeUndefined();
    await after.close();
    expect(failures).toEqual([]);
  });

  it('emptying the cart (parking it, or taking every line off) clears what was kept', async () => {
    const name = `till-${randomUUID()}`;
    const db = await openTillDatabase({ name, storage: getRxStorageMemory(), password: await databasePassword(memoryKeyVault(), name) });
    const keeper = openCartKeeper({ device: pluginDeviceState(db, 'core-sales') }, (error) => failures.push(error));
    const selling = keptMachine(keeper, () => undefined);
    selling.add(mug);
    await keeper.settled();
    expect((await keeper.load())?.cart.lines).toHaveLength(1);
    selling.setQuantity(0, 0);
    await keeper.settled();
    expect(await keeper.load()).toBeUndefined();
    selling.add(mug);
    selling.clear();
    await keeper.settled();
    expect(await keeper.load()).toBeUndefined();
    await db.close();
    expect(failures).toEqual([]);
  });
});
