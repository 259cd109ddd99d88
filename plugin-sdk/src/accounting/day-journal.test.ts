import { describe, expect, it } from 'vitest';
import { dayJournal, assertBalanced, journalTotals, type LedgerEntry } from './postings.ts';
import { ledgerEntriesOf, type DayOf } from './ledger-entries.ts';

/**
 * The day ledger over fixtures shaped as core-sales and core-inventory publish them (extra fields
 * included, as the real payloads carry them): each event's entry balances and posts exactly the
 * lines expected, on the location's local day.
 */

const LONDON = '0190a000-0000-7000-8000-00000000a001';
const NEW_YORK = '0190a000-0000-7000-8000-00000000a002';
const ZONES: Record<string, string> = { [LONDON]: 'Europe/London', [NEW_YORK]: 'America/New_York' };
const dayOf: DayOf = (locationId, at) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONES[locationId]!, year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(at),
  );

const VAT20 = (amount: number) => ({ name: 'VAT 20%', basisPoints: 2000, amount });
const VAT5 = (amount: number) => ({ name: 'VAT 5%', basisPoints: 500, amount });
const CHANNEL_TAX = (amount: number, basisPoints = 800) => ({ name: 'Tax', basisPoints, amount });

let ids = 0;
const id = () => `0190b000-0000-7000-8000-${String(++ids).padStart(12, '0')}`;

interface LineFigures {
  gross: number;
  promotionDiscount?: number;
  lineDiscount?: number;
  cartDiscount?: number;
  net: number;
  tax: number;
  taxes: Array<{ name: string; basisPoints: number; amount: number }>;
}

/** A till's sales.sale.completed payload as complete-sale.ts publishes it. */
function tillSale(given: {
  locationId?: string;
  occurredAt?: string;
  lines: LineFigures[];
  tenders: Array<{ method: string; amount: number; tendered?: number; provider?: string }>;
  rounding?: number;
}) {
  const lines = given.lines.map((l, i) => ({
    lineNo: i + 1,
    variantId: id(),
    sku: `SKU-${i + 1}`,
    name: `Item ${i + 1}`,
    categoryId: null,
    quantity: 1,
    unitPrice: l.gross,
    priceOverridden: false,
    gross: l.gross,
    promotionDiscount: l.promotionDiscount ?? 0,
    lineDiscount: l.lineDiscount ?? 0,
    cartDiscount: l.cartDiscount ?? 0,
    net: l.net,
    tax: l.tax,
    taxes: l.taxes,
    total: l.net + l.tax,
    lotCode: null,
    serials: null,
  }));
  const total = lines.reduce((n, l) => n + l.total, 0);
  const rounding = given.rounding ?? 0;
  return {
    id: id(),
    status: 'completed',
    receiptNumber: 17,
    deviceId: id(),
    locationId: given.locationId ?? LONDON,
    shiftId: id(),
    cashierId: 'cashier-1',
    channel: 'till',
    source: null,
    taxIncluded: null,
    charges: [],
    customerId: null,
    currency: 'EUR',
    subtotal: lines.reduce((n, l) => n + l.gross, 0),
    discountTotal: lines.reduce((n, l) => n + l.promotionDiscount + l.lineDiscount + l.cartDiscount, 0),
    taxTotal: lines.reduce((n, l) => n + l.tax, 0),
    total,
    rounding,
    paid: total + rounding,
    change: 0,
    refunded: 0,
    taxes: [],
    promotions: [],
    cartDiscount: null,
    clientTotal: null,
    occurredAt: given.occurredAt ?? '2026-03-10T12:00:00.000Z',
    receivedAt: '2026-03-10T12:00:01.000Z',
    origin: 'online',
    lines,
    tenders: given.tenders.map((t) => ({
      method: t.method,
      tendered: t.tendered ?? t.amount,
      amount: t.amount,
      refunded: 0,
      reference: null,
      paymentId: null,
      paymentState: null,
      card: null,
      captureProblem: null,
      refundProblem: null,
      ...(t.provider ? { provider: t.provider } : {}),
    })),
    stockShort: [],
  };
}

/** A channel's sale (record-channel-sale.ts): prices as the channel gave them, charges, its gateway's tenders. */
function channelSale(given: {
  taxIncluded: boolean;
  lines: LineFigures[];
  charges: Array<{ kind: string; amount: number; tax: number }>;
  method: string;
}) {
  const base = tillSale({ lines: given.lines, tenders: [] });
  const charges = given.charges.map((c) => ({
    kind: c.kind,
    title: 'Standard shipping',
    amount: c.amount,
    tax: c.tax,
    taxes: c.tax > 0 ? [CHANNEL_TAX(c.tax)] : [],
    total: c.amount + c.tax,
  }));
  const total = base.total + charges.reduce((n, c) => n + c.total, 0);
  return {
    ...base,
    receiptNumber: null,
    deviceId: null,
    shiftId: null,
    cashierId: null,
    origin: 'channel',
    channel: 'shopify',
    source: { channel: 'shopify', id: '5001', name: '#1001' },
    taxIncluded: given.taxIncluded,
    charges,
    total,
    paid: total,
    tenders: [{ method: given.method, tendered: total, amount: total, refunded: 0, reference: 'gid://shopify/OrderTransaction/1' }],
  };
}

/** A refund (refund-sale.ts / record-channel-refund.ts). */
function refund(given: {
  saleId?: string | null;
  occurredAt?: string;
  channel?: string;
  lines: Array<{ amount: number; tax: number; taxes: Array<{ name: string; basisPoints: number; amount: number }> }>;
  tenders: Array<{ method: string; amount: number; provider?: string }>;
}) {
  return {
    id: id(),
    saleId: given.saleId === undefined ? id() : given.saleId,
    total: given.tenders.reduce((n, t) => n + t.amount, 0),
    tax: given.lines.reduce((n, l) => n + l.tax, 0),
    restock: true,
    lines: given.lines.map((l, i) => ({ lineNo: i + 1, variantId: id(), quantity: 1, ...l })),
    tenders: given.tenders.map((t) => ({ reference: null, ...t })),
    reason: 'Changed mind',
    deviceId: id(),
    locationId: LONDON,
    shiftId: id(),
    currency: 'EUR',
    cashierId: 'cashier-1',
    occurredAt: given.occurredAt ?? '2026-03-10T15:00:00.000Z',
    receivedAt: '2026-03-10T15:00:01.000Z',
    channel: given.channel ?? 'till',
    source: given.channel && given.channel !== 'till' ? { channel: given.channel, id: 'r-1', name: null } : null,
  };
}

/** A stock movement (stock-movements.ts announce()). */
function moved(kind: string, quantity: number, unitCost: number | null, variantCost: number | null = unitCost) {
  return {
    id: id(),
    variantId: id(),
    locationId: LONDON,
    kind,
    quantity,
    reason: null,
    reference: { kind: kind === 'receive' ? 'purchase_order' : 'sale', id: id() },
    occurredAt: '2026-03-10T12:00:02.000Z',
    lotCode: null,
    serials: null,
    unitCost: unitCost === null ? null : { amount: unitCost, currency: 'EUR' },
    onHand: 10,
    available: 10,
    variantCost: variantCost === null ? null : { amount: variantCost, currency: 'EUR' },
  };
}

/** A Z report (shift-ledger.ts) as the accounting plugin passes it on: with the device's location and the shop's currency. */
function shiftClosed(overShort: number | null, openedAt = '2026-03-10T08:00:00.000Z', locationId = LONDON) {
  return {
    shiftId: id(),
    deviceId: id(),
    status: 'closed',
    openedAt,
    closedAt: '2026-03-11T03:00:00.000Z',
    openedReceivedAt: openedAt,
    closedReceivedAt: '2026-03-11T03:00:00.000Z',
    salesPeriod: null,
    openingFloat: 10000,
    sales: { count: 0, total: 0, discounts: 0, tax: 0 },
    refunds: { count: 0, total: 0, tax: 0 },
    afterRefunds: { total: 0, tax: 0 },
    byTender: [],
    byTax: [],
    byCategory: [],
    cash: {
      float: 10000,
      sales: 0,
      refunds: 0,
      paidIn: 0,
      paidOut: 0,
      expected: 10000,
      counted: overShort === null ? null : 10000 + overShort,
      overShort,
    },
    locationId,
    currency: 'EUR',
  };
}

type Expected = Record<string, number>;
interface Case {
  name: string;
  event: { type: string; payload: unknown };
  /** The entry's day, and its journal lines as `role:key → signed amount`; null: the event posts nothing. */
  day: string | null;
  lines: Expected;
}

const plainSale = tillSale({
  lines: [{ gross: 1200, net: 1000, tax: 200, taxes: [VAT20(200)] }],
  tenders: [{ method: 'cash', amount: 1200, tendered: 2000 }],
});
const shopifySale = channelSale({
  taxIncluded: false,
  lines: [{ gross: 5000, lineDiscount: 500, net: 4500, tax: 360, taxes: [CHANNEL_TAX(360)] }],
  charges: [{ kind: 'shipping', amount: 1000, tax: 80 }],
  method: 'shopify_payments',
});

const cases: Case[] = [
  {
    name: 'a tax-inclusive sale paid in cash (change given): net sales and VAT by rate against the cash kept',
    event: { type: 'sales.sale.completed', payload: plainSale },
    day: '2026-03-10',
    lines: { 'sales:VAT 20%': -1000, 'tax:VAT 20%': -200, 'tender:cash': 1200 },
  },
  {
    name: 'split tenders: cash and a card the payments plugin names',
    event: {
      type: 'sales.sale.completed',
      payload: tillSale({
        lines: [{ gross: 1200, net: 1000, tax: 200, taxes: [VAT20(200)] }],
        tenders: [
          { method: 'card', amount: 700, provider: 'stripe-pay' },
          { method: 'cash', amount: 500 },
        ],
      }),
    },
    day: '2026-03-10',
    lines: { 'sales:VAT 20%': -1000, 'tax:VAT 20%': -200, 'tender:card:stripe-pay': 700, 'tender:cash': 500 },
  },
  {
    name: 'tax-exclusive prices with a promotion, a line discount and a cart discount, two rates on one line',
    event: {
      type: 'sales.sale.completed',
      payload: tillSale({
        locationId: NEW_YORK,
        lines: [
          {
            gross: 3000,
            promotionDiscount: 1000,
            lineDiscount: 200,
            cartDiscount: 235,
            net: 1565,
            tax: 125,
            taxes: [
              { name: 'State tax 6%', basisPoints: 600, amount: 94 },
              { name: 'City tax 2%', basisPoints: 200, amount: 31 },
            ],
          },
          { gross: 500, cartDiscount: 65, net: 435, tax: 26, taxes: [{ name: 'State tax 6%', basisPoints: 600, amount: 26 }] },
        ],
        tenders: [{ method: 'card', amount: 2151 }],
      }),
    },
    day: '2026-03-10',
    lines: {
      'sales:State tax 6% + City tax 2%': -3000,
      'sales:State tax 6%': -500,
      'discounts:State tax 6% + City tax 2%': 1435,
      'discounts:State tax 6%': 65,
      'tax:City tax 2%': -31,
      'tax:State tax 6%': -120,
      'tender:card': 2151,
    },
  },
  {
    name: 'tax-inclusive prices with mixed rates and an untaxed line: the discount is posted without its VAT',
    event: {
      type: 'sales.sale.completed',
      payload: tillSale({
        lines: [
          { gross: 1200, lineDiscount: 120, net: 900, tax: 180, taxes: [VAT20(180)] },
          { gross: 1050, net: 1000, tax: 50, taxes: [VAT5(50)] },
          { gross: 300, net: 300, tax: 0, taxes: [] },
        ],
        tenders: [{ method: 'cash', amount: 2430 }],
      }),
    },
    day: '2026-03-10',
    lines: {
      'sales:No tax': -300,
      'sales:VAT 20%': -1000,
      'sales:VAT 5%': -1000,
      'discounts:VAT 20%': 100,
      'tax:VAT 20%': -180,
      'tax:VAT 5%': -50,
      'tender:cash': 2430,
    },
  },
  {
    name: 'cash rounding: the customer paid 2 more than the total, credited to rounding',
    event: {
      type: 'sales.sale.completed',
      payload: tillSale({
        lines: [{ gross: 1998, net: 1848, tax: 150, taxes: [{ name: 'MWST 8.1%', basisPoints: 810, amount: 150 }] }],
        tenders: [{ method: 'cash', amount: 2000, tendered: 5000 }],
        rounding: 2,
      }),
    },
    day: '2026-03-10',
    lines: { 'sales:MWST 8.1%': -1848, 'tax:MWST 8.1%': -150, 'rounding:': -2, 'tender:cash': 2000 },
  },
  {
    name: 'cash rounding down with a card part: rounding is a debit',
    event: {
      type: 'sales.sale.completed',
      payload: tillSale({
        lines: [{ gross: 1202, net: 1002, tax: 200, taxes: [VAT20(200)] }],
        tenders: [
          { method: 'card', amount: 1000 },
          { method: 'cash', amount: 200 },
        ],
        rounding: -2,
      }),
    },
    day: '2026-03-10',
    lines: { 'sales:VAT 20%': -1002, 'tax:VAT 20%': -200, 'rounding:': 2, 'tender:card': 1000, 'tender:cash': 200 },
  },
  {
    name: 'a sale rung up late at night in New York posts on its local day, not the UTC date',
    event: {
      type: 'sales.sale.completed',
      payload: tillSale({
        locationId: NEW_YORK,
        occurredAt: '2026-03-11T02:30:00.000Z',
        lines: [{ gross: 1000, net: 1000, tax: 0, taxes: [] }],
        tenders: [{ method: 'cash', amount: 1000 }],
      }),
    },
    day: '2026-03-10',
    lines: { 'sales:No tax': -1000, 'tender:cash': 1000 },
  },
  {
    name: 'a refund with the receipt: refunds net of VAT and the VAT given back, against the cash paid out',
    event: {
      type: 'sales.sale.refunded',
      payload: refund({
        saleId: plainSale.id,
        lines: [{ amount: 600, tax: 100, taxes: [VAT20(100)] }],
        tenders: [{ method: 'cash', amount: 600 }],
      }),
    },
    day: '2026-03-10',
    lines: { 'refunds:VAT 20%': 500, 'tax:VAT 20%': 100, 'tender:cash': -600 },
  },
  {
    name: "a return of another day's sale posts on the return's day, to the card it was paid with",
    event: {
      type: 'sales.sale.refunded',
      payload: refund({
        occurredAt: '2026-03-14T10:00:00.000Z',
        lines: [
          { amount: 1200, tax: 200, taxes: [VAT20(200)] },
          { amount: 525, tax: 25, taxes: [VAT5(25)] },
        ],
        tenders: [{ method: 'card', amount: 1725, provider: 'stripe-pay' }],
      }),
    },
    day: '2026-03-14',
    lines: { 'refunds:VAT 20%': 1000, 'refunds:VAT 5%': 500, 'tax:VAT 20%': 200, 'tax:VAT 5%': 25, 'tender:card:stripe-pay': -1725 },
  },
  {
    name: 'a return without a receipt, part as exchange credit',
    event: {
      type: 'sales.sale.refunded',
      payload: refund({
        saleId: null,
        lines: [{ amount: 1200, tax: 200, taxes: [VAT20(200)] }],
        tenders: [
          { method: 'exchange', amount: 900 },
          { method: 'cash', amount: 300 },
        ],
      }),
    },
    day: '2026-03-10',
    lines: { 'refunds:VAT 20%': 1000, 'tax:VAT 20%': 200, 'tender:cash': -300, 'tender:exchange': -900 },
  },
  {
    name: "a channel sale with shipping: the charge net of tax, the channel's tax and its gateway's tender",
    event: { type: 'sales.sale.completed', payload: shopifySale },
    day: '2026-03-10',
    lines: { 'sales:Tax': -5000, 'discounts:Tax': 500, 'charges:shipping': -1000, 'tax:Tax': -440, 'tender:shopify_payments': 5940 },
  },
  {
    name: 'a tax-inclusive channel sale',
    event: {
      type: 'sales.sale.completed',
      payload: channelSale({
        taxIncluded: true,
        lines: [{ gross: 2400, lineDiscount: 240, net: 1800, tax: 360, taxes: [CHANNEL_TAX(360, 2000)] }],
        charges: [],
        method: 'paypal',
      }),
    },
    day: '2026-03-10',
    lines: { 'sales:Tax': -2000, 'discounts:Tax': 200, 'tax:Tax': -360, 'tender:paypal': 2160 },
  },
  {
    name: 'a channel void gives the whole sale back, shipping and its tax included',
    event: {
      type: 'sales.sale.voided',
      payload: {
        saleId: shopifySale.id,
        receiptNumber: null,
        locationId: LONDON,
        deviceId: null,
        cashierId: null,
        occurredAt: '2026-03-12T09:00:00.000Z',
        receivedAt: '2026-03-12T09:00:00.000Z',
        reason: 'Canceled on Shopify',
        channel: 'shopify',
        source: shopifySale.source,
        currency: 'EUR',
        total: 5940,
        restock: true,
        lines: [{ variantId: id(), quantity: 2, amount: 4860, tax: 360, taxes: [CHANNEL_TAX(360)] }],
        charges: shopifySale.charges,
        tenders: [{ method: 'shopify_payments', amount: 5940 }],
      },
    },
    day: '2026-03-12',
    lines: { 'charges:shipping': 1000, 'refunds:Tax': 4500, 'tax:Tax': 440, 'tender:shopify_payments': -5940 },
  },
  {
    name: 'a channel refund giving back shipping beyond its lines posts the rest as charges refunded',
    event: {
      type: 'sales.sale.refunded',
      payload: refund({
        channel: 'shopify',
        lines: [{ amount: 2430, tax: 180, taxes: [CHANNEL_TAX(180)] }],
        tenders: [{ method: 'shopify_payments', amount: 3510 }],
      }),
    },
    day: '2026-03-10',
    lines: { 'charges:shipping': 1080, 'refunds:Tax': 2250, 'tax:Tax': 180, 'tender:shopify_payments': -3510 },
  },
  {
    name: "a till's void of a sale never completed posts nothing",
    event: {
      type: 'sales.sale.voided',
      payload: {
        saleId: id(),
        receiptNumber: 18,
        locationId: LONDON,
        deviceId: id(),
        cashierId: 'c',
        occurredAt: '2026-03-10T10:00:00.000Z',
        reason: null,
      },
    },
    day: null,
    lines: {},
  },
  {
    name: 'goods sold leave inventory for cost of goods sold at the moving-average cost of the moment',
    event: { type: 'inventory.stock.moved', payload: moved('sale', -2, 380) },
    day: '2026-03-10',
    lines: { 'cogs:': 760, 'inventory:': -760 },
  },
  {
    name: 'goods a customer returns to the shelf come back out of cost of goods sold',
    event: { type: 'inventory.stock.moved', payload: moved('return', 1, 380) },
    day: '2026-03-10',
    lines: { 'cogs:': -380, 'inventory:': 380 },
  },
  {
    name: 'a purchase receipt at the price paid (not the new average) against goods received not invoiced',
    event: { type: 'inventory.stock.moved', payload: moved('receive', 10, 400, 380) },
    day: '2026-03-10',
    lines: { 'inventory:': 4000, 'ap_accrual:': -4000 },
  },
  {
    name: 'a return to the supplier takes inventory back out of the accrual',
    event: { type: 'inventory.stock.moved', payload: moved('supplier_return', -3, 380) },
    day: '2026-03-10',
    lines: { 'inventory:': -1140, 'ap_accrual:': 1140 },
  },
  {
    name: 'a transfer posts nothing',
    event: { type: 'inventory.stock.moved', payload: moved('transfer_out', -4, 380) },
    day: null,
    lines: {},
  },
  {
    name: 'a count correction posts nothing',
    event: { type: 'inventory.stock.moved', payload: moved('count_correction', -1, 380) },
    day: null,
    lines: {},
  },
  {
    name: 'a sale of a variant with no cost known posts no cost of goods sold',
    event: { type: 'inventory.stock.moved', payload: moved('sale', -1, null) },
    day: null,
    lines: {},
  },
  {
    name: 'cash over at the Z report: more cash, credited to cash over/short',
    event: { type: 'sales.shift.closed', payload: shiftClosed(150) },
    day: '2026-03-10',
    lines: { 'tender:cash': 150, 'cash_over_short:': -150 },
  },
  {
    name: "cash short, in a shift that opened in New York's evening (UTC's next day): posted on the day it opened",
    event: { type: 'sales.shift.closed', payload: shiftClosed(-75, '2026-03-11T01:00:00.000Z', NEW_YORK) },
    day: '2026-03-10',
    lines: { 'tender:cash': -75, 'cash_over_short:': 75 },
  },
  {
    name: 'a drawer that counted right posts nothing',
    event: { type: 'sales.shift.closed', payload: shiftClosed(0) },
    day: null,
    lines: {},
  },
  {
    name: 'an event the ledger does not post (a product change) posts nothing',
    event: { type: 'inventory.product.updated', payload: { productId: id() } },
    day: null,
    lines: {},
  },
];

const asLines = (entry: LedgerEntry) => Object.fromEntries(dayJournal(entry.postings).map((l) => [`${l.role}:${l.key}`, l.amount]));

describe('ledgerEntriesOf: each event posts exactly its lines, balanced, on its local day', () => {
  it.each(cases)('$name', ({ event, day, lines }) => {
    const entries = ledgerEntriesOf(event, dayOf);
    if (day === null) {
      expect(entries).toEqual([]);
      return;
    }
    expect(entries).toHaveLength(1);
    const [entry] = entries as [LedgerEntry];
    const payload = event.payload as { locationId: string };
    expect({ locationId: entry.locationId, day: entry.day, currency: entry.currency }).toEqual({
      locationId: payload.locationId,
      day,
      currency: 'EUR',
    });
    expect(entry.postings.reduce((n, p) => n + p.amount, 0)).toBe(0);
    expect(() => assertBalanced(dayJournal(entry.postings))).not.toThrow();
    expect(asLines(entry)).toEqual(lines);
  });
});

describe('dayJournal: one location-day of events', () => {
  const day = cases
    .filter((c) => c.day === '2026-03-10')
    .flatMap((c) => ledgerEntriesOf(c.event, dayOf))
    .filter((e) => e.locationId === LONDON && e.day === '2026-03-10');

  it('sums the postings by (role, key), drops what comes to 0 (rounding up and down), lists them in journal order, and balances', () => {
    const journal = dayJournal(day.flatMap((e) => e.postings));
    expect(journal.map((l) => [`${l.role}:${l.key}`, l.amount])).toEqual([
      ['sales:MWST 8.1%', -1848],
      ['sales:No tax', -300],
      ['sales:Tax', -7000],
      ['sales:VAT 20%', -4002],
      ['sales:VAT 5%', -1000],
      ['discounts:Tax', 700],
      ['discounts:VAT 20%', 100],
      ['charges:shipping', 80],
      ['refunds:Tax', 2250],
      ['refunds:VAT 20%', 1500],
      ['tax:MWST 8.1%', -150],
      ['tax:Tax', -620],
      ['tax:VAT 20%', -480],
      ['tax:VAT 5%', -50],
      ['tender:card', 1000],
      ['tender:card:stripe-pay', 700],
      ['tender:cash', 5580],
      ['tender:exchange', -900],
      ['tender:paypal', 2160],
      ['tender:shopify_payments', 2430],
      ['cash_over_short:', -150],
      ['cogs:', 380],
      ['inventory:', 2480],
      ['ap_accrual:', -2860],
    ]);
    expect(journalTotals(journal)).toEqual({ debit: 19360, credit: 19360 });
    expect(() => assertBalanced(journal)).not.toThrow();
  });

  it('gives the same journal whatever order the events came in', () => {
    const forward = dayJournal(day.flatMap((e) => e.postings));
    const backward = dayJournal([...day].reverse().flatMap((e) => [...e.postings].reverse()));
    expect(backward).toEqual(forward);
  });
});
