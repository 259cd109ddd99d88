// The accounting bench's day of trade: `sales.sale.completed` payloads shaped as core-sales
// publishes them (plugins/core-sales/src/server/checkout/complete-sale.ts), a few
// `inventory.stock.moved` sale movements with their cost (core-inventory's stock-movements.ts) and
// a Z report per location (`sales.shift.closed`, shift-ledger.ts) — for YESTERDAY in each
// location's time zone. Deterministic (a seeded generator), and it keeps what each location's day
// journal must come to, worked out here from the figures it made, not by the SDK's ledger model.
import { v7 as uuidv7 } from 'uuid';
import { seeded, taxInside } from './seeded-figures.ts';
import { yesterdayIn } from './zoned-days.ts';

/** Prices include tax (a European shop); two VAT rates, as the QuickBooks double's UK/EU company has them. */
export const VAT_RATES = [
  { name: 'VAT 20%', basisPoints: 2000 },
  { name: 'VAT 5%', basisPoints: 500 },
] as const;
export const CARD_PROVIDER = 'stripe-pay';
const CURRENCY = 'EUR';

export interface BenchLocation {
  readonly id: string;
  readonly name: string;
  readonly timezone: string;
  /** The till the day's sales and Z report are rung on (a device the directory knows). */
  readonly deviceId: string;
}

/** What a location's day journal must hold, from the generated figures (minor units). */
export interface ExpectedDay {
  readonly locationId: string;
  readonly day: string;
  readonly sales: number;
  /** Σ sale totals: the money taken, cash and card. */
  readonly salesTotal: number;
  readonly cash: number;
  readonly card: number;
  /** Discounts without their tax share, by tax code. */
  readonly discounts: number;
  readonly tax: Readonly<Record<string, number>>;
  /** Cost of the goods sold by the stock movements. */
  readonly cogs: number;
  /** The Z report's counted − expected cash. */
  readonly overShort: number;
  /** The journal's debits (= its credits): tenders (cash with the drawer's difference), discounts, COGS, a shortage. */
  readonly debitTotal: number;
  readonly stockMovements: number;
}

/** A catalog shared by the stores: price with tax, its rate, category. */
interface Item {
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly price: number;
  readonly rate: (typeof VAT_RATES)[number];
  readonly categoryId: string;
  readonly cost: number;
}

function catalog(random: () => number, size = 400): Item[] {
  const categories = Array.from({ length: 12 }, () => uuidv7());
  return Array.from({ length: size }, (_, i) => {
    // Food and books at the reduced rate, the rest standard.
    const rate = VAT_RATES[random() < 0.3 ? 1 : 0];
    const price = 49 + Math.floor(random() * 60) * 50 + (random() < 0.5 ? 0 : 49);
    return {
      variantId: uuidv7(),
      sku: `ACC-${String(i + 1).padStart(4, '0')}`,
      name: `Bench item ${i + 1}`,
      price,
      rate,
      categoryId: categories[i % categories.length]!,
      cost: Math.round(price * (0.35 + random() * 0.25)),
    };
  });
}

/** One outbox row: what the kernel's outbox holds of an event. */
export interface OutboxEvent {
  readonly eventId: string;
  readonly type: string;
  readonly source: string;
  readonly payload: string;
  readonly occurredAt: string;
}

interface LocationState {
  readonly location: BenchLocation;
  readonly day: ReturnType<typeof yesterdayIn>;
  readonly shiftId: string;
  readonly cashierId: string;
  receipt: number;
  totals: { sales: number; total: number; discounts: number; discountsExTax: number; tax: number; cash: number; card: number };
  taxByRate: Map<string, { basisPoints: number; net: number; amount: number }>;
  byCategory: Map<string, number>;
  cogs: number;
  movements: number;
  firstAt: string | null;
  lastAt: string | null;
}

/** Store hours: 08:00 to 20:00 local; the shift opens at 07:45 and closes at 20:15. */
const OPEN_MINUTES = 8 * 60;
const TRADING_MINUTES = 12 * 60;

/**
 * The day's events of every location, in time order across the stores (as tills send them), in
 * slices of `slice` sales per location; then `expected()` says what each day journal must be.
 */
export function tradingDay(
  locations: readonly BenchLocation[],
  salesPerLocation: number,
  options: { seed?: number; movementsPerLocation?: number } = {},
) {
  const random = seeded(options.seed ?? 24);
  const items = catalog(random);
  const movementsPerLocation = options.movementsPerLocation ?? 6;
  const states: LocationState[] = locations.map((location) => ({
    location,
    day: yesterdayIn(location.timezone),
    shiftId: uuidv7(),
    cashierId: uuidv7(),
    receipt: 0,
    totals: { sales: 0, total: 0, discounts: 0, discountsExTax: 0, tax: 0, cash: 0, card: 0 },
    taxByRate: new Map(),
    byCategory: new Map(),
    cogs: 0,
    movements: 0,
    firstAt: null,
    lastAt: null,
  }));
  /** Which sale numbers carry a stock movement (a few hundred in all): spread over the day. */
  const movementEvery = Math.max(1, Math.floor(salesPerLocation / Math.max(1, movementsPerLocation)));

  function sale(state: LocationState, index: number): OutboxEvent[] {
    const minute = OPEN_MINUTES + ((index + random()) * TRADING_MINUTES) / salesPerLocation;
    const occurred = state.day.at(minute);
    const occurredAt = occurred.toISOString();
    const receivedAt = new Date(occurred.getTime() + 400 + Math.floor(random() * 1500)).toISOString();
    const cartPercent = random() < 0.04 ? 5 : 0;
    const count = 1 + Math.floor(random() * 5);
    const lines = [];
    for (let n = 0; n < count; n++) {
      const item = items[Math.floor(random() * items.length)]!;
      const quantity = random() < 0.8 ? 1 : 2 + Math.floor(random() * 3);
      const gross = quantity * item.price;
      const promotionDiscount = random() < 0.12 ? Math.round(gross * 0.1) : 0;
      const lineDiscount = random() < 0.04 ? Math.min(100, Math.floor((gross - promotionDiscount) / 2)) : 0;
      const cartDiscount = cartPercent ? Math.round(((gross - promotionDiscount - lineDiscount) * cartPercent) / 100) : 0;
      const discount = promotionDiscount + lineDiscount + cartDiscount;
      const total = gross - discount;
      const tax = taxInside(total, item.rate.basisPoints);
      lines.push({ item, quantity, gross, promotionDiscount, lineDiscount, cartDiscount, discount, total, tax, net: total - tax });
    }
    const total = lines.reduce((s, l) => s + l.total, 0);
    const discountTotal = lines.reduce((s, l) => s + l.discount, 0);
    const taxTotal = lines.reduce((s, l) => s + l.tax, 0);
    const taxes = new Map<string, { name: string; basisPoints: number; amount: number; net: number }>();
    for (const l of lines) {
      const t = taxes.get(l.item.rate.name) ?? { name: l.item.rate.name, basisPoints: l.item.rate.basisPoints, amount: 0, net: 0 };
      t.amount += l.tax;
      t.net += l.net;
      taxes.set(l.item.rate.name, t);
    }
    // Tenders: cash, card (taken by stripe-pay), or part cash and the rest by card. No cash rounding.
    const pick = random();
    const cashPart = pick < 0.45 ? total : pick < 0.9 ? 0 : Math.min(total, 500 * (1 + Math.floor(random() * 4)));
    const cardPart = total - cashPart;
    const tenders = [];
    let change = 0;
    if (cashPart > 0) {
      const tendered = cardPart > 0 || random() < 0.3 ? cashPart : Math.ceil(cashPart / 500) * 500 + (random() < 0.3 ? 500 : 0);
      change = tendered - cashPart;
      tenders.push({
        method: 'cash',
        tendered,
        amount: cashPart,
        refunded: 0,
        reference: null,
        paymentId: null,
        paymentState: null,
        card: null,
        captureProblem: null,
        refundProblem: null,
        provider: null,
      });
    }
    if (cardPart > 0)
      tenders.push({
        method: 'card',
        tendered: cardPart,
        amount: cardPart,
        refunded: 0,
        reference: null,
        paymentId: uuidv7(),
        paymentState: 'authorized',
        card: { brand: random() < 0.6 ? 'visa' : 'mastercard', last4: String(1000 + Math.floor(random() * 9000)), wallet: null },
        captureProblem: null,
        refundProblem: null,
        provider: CARD_PROVIDER,
      });
    state.receipt += 1;
    const saleId = uuidv7();
    const payload = {
      id: saleId,
      status: 'completed',
      receiptNumber: state.receipt,
      deviceId: state.location.deviceId,
      locationId: state.location.id,
      shiftId: state.shiftId,
      cashierId: state.cashierId,
      channel: 'till',
      source: null,
      taxIncluded: null,
      charges: [],
      customerId: null,
      currency: CURRENCY,
      subtotal: lines.reduce((s, l) => s + l.gross, 0),
      discountTotal,
      taxTotal,
      total,
      rounding: 0,
      paid: total,
      change,
      refunded: 0,
      taxes: [...taxes.values()],
      promotions: lines.some((l) => l.promotionDiscount > 0)
        ? [{ id: 'promo-10', name: '10% off selected lines', amount: lines.reduce((s, l) => s + l.promotionDiscount, 0) }]
        : [],
      cartDiscount: cartPercent ? { kind: 'percent', value: cartPercent, reason: 'Staff discount' } : null,
      tenders,
      clientTotal: null,
      occurredAt,
      receivedAt,
      origin: 'till',
      lines: lines.map((l, i) => ({
        lineNo: i + 1,
        variantId: l.item.variantId,
        sku: l.item.sku,
        name: l.item.name,
        categoryId: l.item.categoryId,
        quantity: l.quantity,
        unitPrice: l.item.price,
        priceOverridden: false,
        gross: l.gross,
        promotionDiscount: l.promotionDiscount,
        lineDiscount: l.lineDiscount,
        cartDiscount: l.cartDiscount,
        net: l.net,
        tax: l.tax,
        taxes: [{ name: l.item.rate.name, basisPoints: l.item.rate.basisPoints, amount: l.tax }],
        total: l.total,
        lotCode: null,
        serials: null,
      })),
      stockShort: [],
    };
    // What the journal must hold, worked out here.
    const t = state.totals;
    t.sales += 1;
    t.total += total;
    t.discounts += discountTotal;
    t.tax += taxTotal;
    t.cash += cashPart;
    t.card += cardPart;
    for (const l of lines) {
      // The discount without its tax share, at the line's rate (prices include tax).
      // (A line without tax has nothing to take out.)
      t.discountsExTax += l.discount === 0 || l.tax === 0 ? l.discount : l.discount - taxInside(l.discount, l.item.rate.basisPoints);
      const r = state.taxByRate.get(l.item.rate.name) ?? { basisPoints: l.item.rate.basisPoints, net: 0, amount: 0 };
      r.net += l.net;
      r.amount += l.tax;
      state.taxByRate.set(l.item.rate.name, r);
      state.byCategory.set(l.item.categoryId, (state.byCategory.get(l.item.categoryId) ?? 0) + l.total);
    }
    state.firstAt ??= occurredAt;
    state.lastAt = occurredAt;
    const events: OutboxEvent[] = [
      { eventId: uuidv7(), type: 'sales.sale.completed', source: 'core-sales', payload: JSON.stringify(payload), occurredAt: receivedAt },
    ];
    // A few of the day's sales also come as core-inventory's sale movements, at the moving-average cost.
    if (index % movementEvery === movementEvery - 1 && state.movements < movementsPerLocation) {
      const line = lines[0]!;
      const unitCost = { amount: line.item.cost, currency: CURRENCY };
      state.cogs += line.quantity * line.item.cost;
      state.movements += 1;
      events.push({
        eventId: uuidv7(),
        type: 'inventory.stock.moved',
        source: 'core-inventory',
        payload: JSON.stringify({
          id: uuidv7(),
          variantId: line.item.variantId,
          locationId: state.location.id,
          kind: 'sale',
          quantity: -line.quantity,
          reason: null,
          reference: { type: 'sale', id: saleId },
          occurredAt: receivedAt,
          lotCode: null,
          serials: null,
          unitCost,
          onHand: 500,
          available: 500,
          variantCost: unitCost,
        }),
        occurredAt: receivedAt,
      });
    }
    return events;
  }

  /** A location's drawer: counted − expected, a few cents to a few euros either way (0 at some). */
  const overShortOf = (i: number) => [-150, -20, 0, 35, 120][i % 5]!;

  function zReport(state: LocationState, i: number): OutboxEvent {
    const t = state.totals;
    const float = 15_000;
    const expected = float + t.cash;
    const overShort = overShortOf(i);
    const openedAt = state.day.at(7 * 60 + 45).toISOString();
    const closedAt = state.day.at(20 * 60 + 15).toISOString();
    const payload = {
      shiftId: state.shiftId,
      deviceId: state.location.deviceId,
      status: 'closed',
      openedAt,
      closedAt,
      openedReceivedAt: openedAt,
      closedReceivedAt: closedAt,
      salesPeriod: state.firstAt
        ? { firstAt: state.firstAt, lastAt: state.lastAt, firstReceivedAt: state.firstAt, lastReceivedAt: state.lastAt }
        : null,
      openingFloat: float,
      sales: { count: t.sales, total: t.total, discounts: t.discounts, tax: t.tax },
      refunds: { count: 0, total: 0, tax: 0 },
      afterRefunds: { total: t.total, tax: t.tax },
      byTender: [
        { method: 'cash', sales: t.cash, refunds: 0, net: t.cash },
        { method: 'card', sales: t.card, refunds: 0, net: t.card },
      ],
      byTax: [...state.taxByRate].map(([name, r]) => ({
        name,
        basisPoints: r.basisPoints,
        net: r.net,
        amount: r.amount,
        gross: r.net + r.amount,
      })),
      byCategory: [...state.byCategory].map(([categoryId, total]) => ({ categoryId, total })),
      cash: { float, sales: t.cash, refunds: 0, paidIn: 0, paidOut: 0, expected, counted: expected + overShort, overShort },
    };
    return { eventId: uuidv7(), type: 'sales.shift.closed', source: 'core-sales', payload: JSON.stringify(payload), occurredAt: closedAt };
  }

  return {
    /** Sales `from` to `to` (exclusive) of every location, in time order; a location's last slice ends with its Z report. */
    *slices(slice: number): Generator<OutboxEvent[]> {
      for (let from = 0; from < salesPerLocation; from += slice) {
        const to = Math.min(salesPerLocation, from + slice);
        const events: OutboxEvent[] = [];
        for (let index = from; index < to; index++) for (const state of states) events.push(...sale(state, index));
        if (to === salesPerLocation) states.forEach((state, i) => events.push(zReport(state, i)));
        yield events;
      }
    },
    expected(): ExpectedDay[] {
      return states.map((state, i) => {
        const t = state.totals;
        const overShort = overShortOf(i);
        const tax = Object.fromEntries([...state.taxByRate].map(([name, r]) => [name, r.amount]));
        // Debits: cash (with the drawer's difference) and card tenders, discounts, COGS, and a shortage
        // (an over is a credit to cash over/short and more cash, already in the cash debit).
        const debitTotal = t.cash + overShort + t.card + t.discountsExTax + state.cogs + (overShort < 0 ? -overShort : 0);
        return {
          locationId: state.location.id,
          day: state.day.day,
          sales: t.sales,
          salesTotal: t.total,
          cash: t.cash,
          card: t.card,
          discounts: t.discountsExTax,
          tax,
          cogs: state.cogs,
          overShort,
          debitTotal,
          stockMovements: state.movements,
        };
      });
    },
  };
}
