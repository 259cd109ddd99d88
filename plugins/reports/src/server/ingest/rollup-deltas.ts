import type { IngestFacts, MovementFact } from './facts.ts';
import {
  dayOf,
  hourOf,
  LATE_AFTER_MS,
  NO_CATEGORY,
  NO_DEVICE,
  type BasketHourDelta,
  type CategoryHourDelta,
  type LastSaleUpdate,
  type LocationHourDelta,
  type MovementDayDelta,
  type PositionUpdate,
  type RollupDeltas,
  type TenderHourDelta,
  type VariantCostUpdate,
  type VariantHourDelta,
} from './rollup-rows.ts';

/**
 * What a batch of facts adds to each rollup, summed per rollup key (one row per key, sorted in
 * primary-key order so concurrent upserts lock rows alike). Pure. Every figure is a sum, and the
 * "newest" picks (stock positions, variant costs) go by event id, so applying batches in any order
 * or grouping gives the same rollups — which is what lets a rebuild reproduce the live path.
 * The cost of goods sold is not here: it needs the other half of a sale already stored (write-rollups).
 */

/** A map of rows by key, each made on first use. */
function keyed<Row>(make: (key: readonly string[]) => Row) {
  const rows = new Map<string, { key: readonly string[]; row: Row }>();
  return {
    at(...key: string[]): Row {
      const id = key.join('\u0000');
      let found = rows.get(id);
      if (!found) {
        found = { key, row: make(key) };
        rows.set(id, found);
      }
      return found.row;
    },
    /** The rows in key order (text order, which for UUIDs and ISO times is PostgreSQL's order too). */
    sorted(): Row[] {
      return [...rows.values()]
        .sort((a, b) => {
          for (let i = 0; i < a.key.length; i += 1) if (a.key[i] !== b.key[i]) return a.key[i]! < b.key[i]! ? -1 : 1;
          return 0;
        })
        .map((entry) => entry.row);
    },
  };
}

/** The greater of two ids, nulls aside (`greatest` in SQL): the same pick whatever order they come in. */
const greaterId = (a: string | null, b: string | null): string | null => (a === null ? b : b === null ? a : a > b ? a : b);

const movementCost = (movement: MovementFact): number => (movement.unitCost === null ? 0 : movement.quantity * movement.unitCost);

export function rollupDeltasOf(facts: IngestFacts): RollupDeltas {
  const variantHours = keyed<VariantHourDelta>(([locationId, variantId, hour]) => ({
    locationId: locationId!,
    variantId: variantId!,
    hour: hour!,
    categoryId: null,
    quantity: 0,
    gross: 0,
    discount: 0,
    net: 0,
    tax: 0,
    refundedQuantity: 0,
    refundedNet: 0,
    refundedTax: 0,
  }));
  for (const line of facts.saleLines) {
    const row = variantHours.at(line.locationId, line.variantId, hourOf(line.occurredAt));
    // A variant moved to another category within the hour keeps the greater id: arbitrary, but the same in any order.
    row.categoryId = greaterId(row.categoryId, line.categoryId);
    row.quantity += line.quantity;
    row.gross += line.gross;
    row.discount += line.discount;
    row.net += line.net;
    row.tax += line.tax;
  }
  for (const line of facts.refundLines) {
    const row = variantHours.at(line.locationId, line.variantId, hourOf(line.occurredAt));
    row.refundedQuantity += line.quantity;
    row.refundedNet += line.amount - line.tax;
    row.refundedTax += line.tax;
  }

  const categoryHours = keyed<CategoryHourDelta>(([locationId, hour, categoryId]) => ({
    locationId: locationId!,
    hour: hour!,
    categoryId: categoryId!,
    quantity: 0,
    gross: 0,
    discount: 0,
    net: 0,
    tax: 0,
  }));
  const lastSales = keyed<LastSaleUpdate>(([locationId, variantId]) => ({
    locationId: locationId!,
    variantId: variantId!,
    lastSaleAt: '',
  }));
  for (const line of facts.saleLines) {
    const row = categoryHours.at(line.locationId, hourOf(line.occurredAt), line.categoryId ?? NO_CATEGORY);
    row.quantity += line.quantity;
    row.gross += line.gross;
    row.discount += line.discount;
    row.net += line.net;
    row.tax += line.tax;
    const last = lastSales.at(line.locationId, line.variantId);
    if (line.occurredAt > last.lastSaleAt) last.lastSaleAt = line.occurredAt;
  }

  const basketHours = keyed<BasketHourDelta>(([basis, locationId, deviceId, cashierId, hour]) => ({
    basis: basis as BasketHourDelta['basis'],
    locationId: locationId!,
    deviceId: deviceId!,
    cashierId: cashierId!,
    hour: hour!,
    sales: 0,
    items: 0,
    gross: 0,
    discount: 0,
    net: 0,
    tax: 0,
    total: 0,
    refunds: 0,
    refundedTotal: 0,
    voids: 0,
    lateSales: 0,
  }));
  /** A basket counts in the hour it happened and in the hour it arrived. */
  const bothBases = (
    place: { locationId: string; deviceId: string | null; cashierId: string | null },
    happenedAt: string,
    arrivedAt: string,
  ): BasketHourDelta[] =>
    (
      [
        ['happened', happenedAt],
        ['arrived', arrivedAt],
      ] as const
    ).map(([basis, at]) => basketHours.at(basis, place.locationId, place.deviceId ?? NO_DEVICE, place.cashierId ?? '', hourOf(at)));

  const linesBySale = new Map<string, (typeof facts.saleLines)[number][]>();
  for (const line of facts.saleLines) linesBySale.set(line.saleId, [...(linesBySale.get(line.saleId) ?? []), line]);
  for (const sale of facts.sales) {
    const lines = linesBySale.get(sale.saleId) ?? [];
    const late = Date.parse(sale.receivedAt) - Date.parse(sale.occurredAt) > LATE_AFTER_MS ? 1 : 0;
    for (const row of bothBases(sale, sale.occurredAt, sale.receivedAt)) {
      row.sales += 1;
      row.total += sale.total;
      row.lateSales += late;
      for (const line of lines) {
        row.items += line.quantity;
        row.gross += line.gross;
        row.discount += line.discount;
        row.net += line.net;
        row.tax += line.tax;
      }
    }
  }
  for (const refund of facts.refunds)
    for (const row of bothBases(refund, refund.occurredAt, refund.receivedAt)) {
      row.refunds += 1;
      row.refundedTotal += refund.total;
    }
  for (const voided of facts.voids) for (const row of bothBases(voided, voided.occurredAt, voided.receivedAt)) row.voids += 1;

  const locationHours = keyed<LocationHourDelta>(([locationId, hour]) => ({
    locationId: locationId!,
    hour: hour!,
    sales: 0,
    items: 0,
    gross: 0,
    discount: 0,
    net: 0,
    tax: 0,
    total: 0,
    refunds: 0,
    refundedTotal: 0,
    voids: 0,
    lateSales: 0,
    refundedQuantity: 0,
    refundedNet: 0,
    refundedTax: 0,
  }));
  const baskets = basketHours.sorted();
  for (const basket of baskets) {
    if (basket.basis !== 'happened') continue;
    const row = locationHours.at(basket.locationId, basket.hour);
    row.sales += basket.sales;
    row.items += basket.items;
    row.gross += basket.gross;
    row.discount += basket.discount;
    row.net += basket.net;
    row.tax += basket.tax;
    row.total += basket.total;
    row.refunds += basket.refunds;
    row.refundedTotal += basket.refundedTotal;
    row.voids += basket.voids;
    row.lateSales += basket.lateSales;
  }
  for (const line of facts.refundLines) {
    const row = locationHours.at(line.locationId, hourOf(line.occurredAt));
    row.refundedQuantity += line.quantity;
    row.refundedNet += line.amount - line.tax;
    row.refundedTax += line.tax;
  }

  const tenderHours = keyed<TenderHourDelta>(([locationId, method, hour]) => ({
    locationId: locationId!,
    method: method!,
    hour: hour!,
    count: 0,
    amount: 0,
    refundedCount: 0,
    refundedAmount: 0,
  }));
  for (const tender of facts.tenders) {
    const row = tenderHours.at(tender.locationId, tender.method, hourOf(tender.occurredAt));
    if (tender.sourceKind === 'sale') {
      row.count += 1;
      row.amount += tender.amount;
    } else {
      row.refundedCount += 1;
      row.refundedAmount += tender.amount;
    }
  }

  const movementDays = keyed<MovementDayDelta>(([locationId, variantId, day, kind]) => ({
    locationId: locationId!,
    variantId: variantId!,
    day: day!,
    kind: kind!,
    quantity: 0,
    cost: 0,
  }));
  const positions = keyed<PositionUpdate>(([locationId, variantId]) => ({
    locationId: locationId!,
    variantId: variantId!,
    onHand: 0,
    asOf: '',
    eventId: '',
  }));
  const variantCosts = keyed<VariantCostUpdate>(([variantId]) => ({
    variantId: variantId!,
    unitCost: null,
    costCurrency: null,
    eventId: null,
  }));
  for (const movement of facts.movements) {
    const day = movementDays.at(movement.locationId, movement.variantId, dayOf(movement.occurredAt), movement.kind);
    day.quantity += movement.quantity;
    day.cost += movementCost(movement);

    const position = positions.at(movement.locationId, movement.variantId);
    if (movement.eventId > position.eventId) {
      position.onHand = movement.onHandAfter;
      position.asOf = movement.occurredAt;
      position.eventId = movement.eventId;
    }

    // Every variant moved gets a row (its upsert is what serialises concurrent batches of one variant).
    const cost = variantCosts.at(movement.variantId);
    if (movement.variantCost && (cost.eventId === null || movement.eventId > cost.eventId)) {
      cost.unitCost = movement.variantCost.amount;
      cost.costCurrency = movement.variantCost.currency;
      cost.eventId = movement.eventId;
    }
  }

  return {
    variantHours: variantHours.sorted(),
    categoryHours: categoryHours.sorted(),
    locationHours: locationHours.sorted(),
    basketHours: baskets,
    tenderHours: tenderHours.sorted(),
    movementDays: movementDays.sorted(),
    positions: positions.sorted(),
    variantCosts: variantCosts.sorted(),
    lastSales: lastSales.sorted(),
  };
}
