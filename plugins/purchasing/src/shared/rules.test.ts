import { describe, expect, it } from 'vitest';
import { formatMoney } from '@kits/plugin-sdk/money';
import { canDo, statusAfterDelivery, type PurchaseOrderAction } from './purchase-order-status.ts';
import { checkDelivery, maxDeliverable } from './receiving-rules.ts';
import { suggestReorder } from './reorder.ts';
import type { PurchaseOrderStatus } from '@kits/plugin-sdk';

describe('purchase order transitions', () => {
  const statuses: PurchaseOrderStatus[] = ['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled'];
  it.each<[PurchaseOrderAction, PurchaseOrderStatus[]]>([
    ['edit', ['draft']],
    ['send', ['draft']],
    ['cancel', ['draft', 'sent']],
    ['close', ['partially_received', 'received']],
    ['receive', ['sent', 'partially_received', 'received']],
    ['return', ['partially_received', 'received', 'closed']],
  ])('%s is allowed only from %j', (action, allowed) => {
    for (const status of statuses) expect(canDo(action, status).ok).toBe(allowed.includes(status));
  });

  it('received once every line has what it ordered', () => {
    expect(statusAfterDelivery([{ orderedQuantity: 12, deliveredQuantity: 12 }])).toBe('received');
    expect(
      statusAfterDelivery([
        { orderedQuantity: 12, deliveredQuantity: 13 },
        { orderedQuantity: 6, deliveredQuantity: 5 },
      ]),
    ).toBe('partially_received');
  });
});

describe('over-receipt', () => {
  it.each([
    [12, 0, 12],
    [12, 10, 13], // 1.2 rounds down
    [10, 10, 11],
    [7, 100, 14],
    [0, 50, 0],
  ])('%d ordered at %d %% → at most %d', (ordered, percent, max) => {
    expect(maxDeliverable(ordered, percent)).toBe(max);
  });
  it('counts what was delivered before, and leaves unplanned lines unlimited', () => {
    expect(checkDelivery({ orderedQuantity: 10, deliveredQuantity: 8, unplanned: false }, 3, 0)).toEqual({ ok: false, max: 10 });
    expect(checkDelivery({ orderedQuantity: 10, deliveredQuantity: 8, unplanned: false }, 3, 10)).toEqual({ ok: true, max: 11 });
    expect(checkDelivery({ orderedQuantity: 0, deliveredQuantity: 4, unplanned: true }, 30, 0).ok).toBe(true);
  });
});

describe('reorder suggestions', () => {
  const base = {
    available: 0,
    onOrder: 0,
    reorderPoint: null,
    reorderMax: null,
    sold: 0,
    windowDays: 28,
    leadTimeDays: 7,
    coverDays: 14,
    packSize: 1,
  };
  it.each([
    // at the reorder point: up to the max, in packs of 6
    [
      { available: 5, reorderPoint: 5, reorderMax: 20, packSize: 6 },
      { basis: 'reorder-point', shortBy: 15, packs: 3, quantity: 18 },
    ],
    // above the reorder point: nothing
    [{ available: 6, reorderPoint: 5, reorderMax: 20 }, undefined],
    // on order counts: 3 + 4 on order is above 5
    [{ available: 3, onOrder: 4, reorderPoint: 5, reorderMax: 20 }, undefined],
    // no max: up to the reorder point
    [
      { available: 2, reorderPoint: 5 },
      { basis: 'reorder-point', shortBy: 3, packs: 3, quantity: 3 },
    ],
    // velocity: 56 sold in 28 days = 2/day; lead 7 → 14 lasts; target 2 × 21 = 42
    [
      { available: 14, sold: 56 },
      { basis: 'velocity', shortBy: 28, packs: 28, quantity: 28 },
    ],
    [{ available: 15, sold: 56 }, undefined],
    // 1 sold in 28 days, lead 7: ⌈0.25⌉ = 1, target ⌈0.75⌉ = 1
    [
      { available: 0, sold: 1, packSize: 12 },
      { basis: 'velocity', shortBy: 1, packs: 1, quantity: 12 },
    ],
    [{ available: 0, sold: 0 }, undefined],
    // forecast (forecast@1) in place of velocity: 13.2 units over the lead time, 40.1 over lead + cover → ⌈⌉ 14 and 41
    [
      { available: 14, sold: 56, forecast: { leadTimeUnits: 13.2, targetUnits: 40.1 } },
      { basis: 'forecast', shortBy: 27, packs: 27, quantity: 27, target: 41 },
    ],
    [{ available: 15, sold: 56, forecast: { leadTimeUnits: 13.2, targetUnits: 40.1 } }, undefined],
    // float noise a hair over a whole number stays that number; packs round up
    [
      { available: 0, sold: 1, packSize: 6, forecast: { leadTimeUnits: 2.0000000000004, targetUnits: 7.0000000000002 } },
      { basis: 'forecast', shortBy: 7, packs: 2, quantity: 12, target: 7 },
    ],
    // a forecast of (almost) nothing orders nothing, whatever velocity would say
    [{ available: 0, sold: 56, forecast: { leadTimeUnits: 0, targetUnits: 0 } }, undefined],
    // a reorder point wins over a forecast
    [
      { available: 2, reorderPoint: 5, forecast: { leadTimeUnits: 50, targetUnits: 100 } },
      { basis: 'reorder-point', shortBy: 3, packs: 3, quantity: 3 },
    ],
  ] as const)('%j → %j', (input, expected) => {
    const suggestion = suggestReorder({ ...base, ...input });
    if (expected === undefined) expect(suggestion).toBeUndefined();
    else expect(suggestion).toMatchObject(expected);
  });
});

describe('money on the purchase order', () => {
  it.each([
    [123456, 'EUR', '€1,234.56'],
    [5, 'EUR', '€0.05'],
    [1500, 'JPY', '¥1,500'],
    [-250, 'USD', '-$2.50'],
    [9_007_199_254_740_991, 'EUR', '€90,071,992,547,409.91'],
  ])('%d %s is %s', (amount, currency, text) => {
    expect(formatMoney(amount, currency, 'en')).toBe(text);
  });
});
