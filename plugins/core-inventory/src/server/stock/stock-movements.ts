import {
  badRequest,
  conflict,
  notFound,
  type MovementKind,
  type ShortLine,
  type StockLine,
  type StockMovement,
  type StockReference,
  type TenantTransaction,
  type UnitCost,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { knownVariants } from '../catalog/product-store.ts';
import { costOf, levelAfter, type MovedLevelRow, type StockLedgerOptions, type Tracking } from './stock-rows.ts';

/**
 * The stock ledger of one tenant transaction: each change is a movement appended to
 * inventory.stock_movements and applied to the stock_levels projection in the same transaction.
 * Taking stock out under `deny` is one guarded UPDATE (`… where on_hand - reserved >= n`), so
 * concurrent sales cannot oversell at the default isolation level.
 */
export function createStockMovements(tx: TenantTransaction, options: StockLedgerOptions) {
  const MOVEMENT_COLUMNS =
    'tenant_id, movement_id, location_id, variant_id, kind, quantity, reason, reference_kind, reference_id, lot_code, serials, unit_cost_minor, cost_currency';
  /**
   * The values of a movement row as a SELECT list over `$at+1 …` and a `v` that is the variant's
   * row (left joined): the unit cost given (a costed receipt), else the variant's cost now.
   */
  const movementValues = (at: number) => {
    const p = (i: number) => `$${at + i}`;
    const plain = Array.from({ length: 11 }, (_, i) => p(i + 1)).join(', ');
    return `${plain}, coalesce(${p(12)}::bigint, v.cost_minor), case when ${p(12)}::bigint is null then v.cost_currency else ${p(13)}::char(3) end`;
  };
  const movementParams = (
    id: string,
    line: StockLine,
    kind: MovementKind,
    signedQuantity: number,
    reason: string | null,
    reference: StockReference | null,
    unitCost: UnitCost | null = null,
  ) => [
    tx.tenantId,
    id,
    line.locationId,
    line.variantId,
    kind,
    signedQuantity,
    reason,
    reference?.kind ?? null,
    reference?.id ?? null,
    line.lot?.code ?? null,
    line.serials?.length ? [...line.serials] : null,
    unitCost?.amount ?? null,
    unitCost?.currency ?? null,
  ];

  /**
   * The movement as the service answers it, announced through the outbox (moved, and low when it
   * crossed the reorder point). The event also says the variant's cost once the movement is in
   * (`variantCost`): the movement's own cost, but on a costed receipt the new moving average.
   */
  async function announce(
    id: string,
    line: StockLine,
    kind: MovementKind,
    signedQuantity: number,
    reason: string | null,
    reference: StockReference | null,
    occurredAt: Date | string,
    after: { onHand: number; reserved: number; reorderPoint: number | null },
    unitCost: UnitCost | null = null,
    variantCost: UnitCost | null = unitCost,
  ): Promise<StockMovement> {
    const movement: StockMovement = {
      id,
      variantId: line.variantId,
      locationId: line.locationId,
      kind,
      quantity: signedQuantity,
      reason,
      reference,
      occurredAt: new Date(occurredAt).toISOString(),
      lotCode: line.lot?.code ?? null,
      serials: line.serials?.length ? [...line.serials] : null,
      unitCost,
    };
    const available = after.onHand - after.reserved;
    await tx.publish({ type: 'inventory.stock.moved', payload: { ...movement, onHand: after.onHand, available, variantCost } });
    const before = available - signedQuantity;
    if (options.lowStockEvents && after.reorderPoint !== null && before >= after.reorderPoint && available < after.reorderPoint) {
      await tx.publish({
        type: 'inventory.stock.low',
        payload: { variantId: line.variantId, locationId: line.locationId, available, reorderPoint: after.reorderPoint },
      });
    }
    return movement;
  }

  /** Appends a movement whose level change the caller made already. */
  async function record(
    line: StockLine,
    kind: MovementKind,
    signedQuantity: number,
    reason: string | null,
    reference: StockReference | null,
    after: { onHand: number; reserved: number; reorderPoint: number | null },
  ): Promise<StockMovement> {
    const id = uuidv7();
    const [row] = await tx.query<{ occurred_at: Date; unit_cost_minor: string | null; cost_currency: string | null }>(
      `insert into inventory.stock_movements (${MOVEMENT_COLUMNS})
       select ${movementValues(0)} from (select 1) one left join inventory.variants v on v.variant_id = $4::uuid
       returning occurred_at, unit_cost_minor, cost_currency`,
      movementParams(id, line, kind, signedQuantity, reason, reference),
    );
    return announce(id, line, kind, signedQuantity, reason, reference, row!.occurred_at, after, costOf(row!));
  }

  /**
   * Changes a stock level and appends its movement in one statement (one round trip on the hot
   * path). `levelSql` is an INSERT or UPDATE of inventory.stock_levels with `levelParams` as $1…;
   * when it changes no row (a guarded update that fell short), no movement is written and the
   * answer is undefined.
   */
  async function moveLevel(
    levelSql: string,
    levelParams: readonly unknown[],
    line: StockLine,
    kind: MovementKind,
    signedQuantity: number,
    reason: string | null,
    reference: StockReference | null,
    unitCost: UnitCost | null = null,
    variantCost?: UnitCost,
  ): Promise<{ movement: StockMovement; onHand: number } | undefined> {
    const id = uuidv7();
    const at = levelParams.length;
    const [row] = await tx.query<MovedLevelRow>(
      `with level as (${levelSql} returning on_hand, reserved, reorder_point),
            moved as (insert into inventory.stock_movements (${MOVEMENT_COLUMNS})
                      select ${movementValues(at)} from level left join inventory.variants v on v.variant_id = $${at + 4}::uuid
                      returning occurred_at, unit_cost_minor, cost_currency)
       select level.on_hand, level.reserved, level.reorder_point, moved.occurred_at, moved.unit_cost_minor, moved.cost_currency from level, moved`,
      [...levelParams, ...movementParams(id, line, kind, signedQuantity, reason, reference, unitCost)],
    );
    if (!row) return undefined;
    const after = levelAfter(row);
    return {
      movement: await announce(
        id,
        line,
        kind,
        signedQuantity,
        reason,
        reference,
        row.occurred_at,
        after,
        costOf(row),
        variantCost ?? costOf(row),
      ),
      onHand: after.onHand,
    };
  }

  const trackingCache = new Map<string, Tracking>();
  /** How a variant's product tracks stock: none, lots (with expiry) or serial numbers. */
  async function trackingOf(variantId: string): Promise<Tracking> {
    let tracking = trackingCache.get(variantId) ?? (await knownVariants(tx)).get(variantId);
    if (!tracking) {
      const [row] = await tx.query<{ tracking: Tracking }>(
        'select p.tracking from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id where v.variant_id = $1',
        [variantId],
      );
      tracking = row?.tracking ?? 'none';
      trackingCache.set(variantId, tracking);
    }
    return tracking;
  }

  /** Lots and serials coming in: a lot-tracked line needs its lot, a serial-tracked one its serials. */
  async function trackIn(line: StockLine, kind: MovementKind): Promise<void> {
    const tracking = await trackingOf(line.variantId);
    if (tracking === 'lot') {
      if (!line.lot) {
        if (kind === 'receive')
          throw badRequest(
            'inventory.lot_required',
            `Variant ${line.variantId} is lot-tracked: say which lot (and its expiry) is received.`,
          );
        return;
      }
      await tx.query(
        `insert into inventory.lots (tenant_id, location_id, variant_id, lot_code, expires_on, on_hand) values ($1, $2, $3, $4, $5, $6)
         on conflict (tenant_id, location_id, variant_id, lot_code)
         do update set on_hand = lots.on_hand + excluded.on_hand, expires_on = coalesce(excluded.expires_on, lots.expires_on)`,
        [tx.tenantId, line.locationId, line.variantId, line.lot.code, line.lot.expiresOn ?? null, line.quantity],
      );
    }
    if (tracking === 'serial') {
      const serials = checkSerials(line, kind === 'receive' || kind === 'transfer_in');
      if (!serials) return;
      if (kind === 'transfer_in') {
        const arrived = await tx.query(
          `update inventory.serials set status = 'in_stock', location_id = $3
            where variant_id = $1 and serial = any($2::text[]) and status = 'in_transit' returning 1`,
          [line.variantId, serials, line.locationId],
        );
        if (arrived.length !== serials.length)
          throw conflict('inventory.serial_not_in_transit', `Not every serial number given is in transit: ${serials.join(', ')}.`);
        return;
      }
      const placed = await tx.query(
        `insert into inventory.serials (tenant_id, variant_id, serial, status, location_id)
         select $1, $2, s, 'in_stock', $3 from unnest($4::text[]) as s
         on conflict (tenant_id, variant_id, serial) do update set status = 'in_stock', location_id = excluded.location_id where serials.status in ('sold', 'missing')
         returning 1`,
        [tx.tenantId, line.variantId, line.locationId, serials],
      );
      if (placed.length !== serials.length)
        throw conflict('inventory.serial_in_stock', `Some of these serial numbers are in stock already: ${serials.join(', ')}.`);
    }
  }

  /** Lots and serials going out, after the stock level itself was taken. */
  async function trackOut(line: StockLine, kind: MovementKind): Promise<void> {
    const tracking = await trackingOf(line.variantId);
    if (tracking === 'lot' && line.lot) {
      const taken = await tx.query(
        'update inventory.lots set on_hand = on_hand - $4 where location_id = $1 and variant_id = $2 and lot_code = $3 and on_hand >= $4 returning 1',
        [line.locationId, line.variantId, line.lot.code, line.quantity],
      );
      if (taken.length === 0)
        throw conflict(
          'inventory.lot_short',
          `Lot ${line.lot.code} of variant ${line.variantId} does not hold ${line.quantity} at this location.`,
        );
    }
    if (tracking === 'serial') {
      const serials = checkSerials(line, true)!;
      // Shipped on a transfer a serial is in transit; any other way out it is gone (sold, written off).
      const sold = await tx.query(
        `update inventory.serials set status = $4, location_id = null
          where variant_id = $1 and serial = any($2::text[]) and status = 'in_stock' and location_id = $3 returning serial`,
        [line.variantId, serials, line.locationId, kind === 'transfer_out' ? 'in_transit' : 'sold'],
      );
      if (sold.length !== serials.length) {
        throw conflict(
          'inventory.serial_unavailable',
          `Not every serial number given is in stock at this location: ${serials.join(', ')}.`,
        );
      }
    }
  }

  function checkSerials(line: StockLine, required: boolean): string[] | undefined {
    if (!line.serials?.length) {
      if (required)
        throw badRequest(
          'inventory.serials_required',
          `Variant ${line.variantId} is serial-tracked: give the ${line.quantity} serial number(s).`,
        );
      return undefined;
    }
    if (line.serials.length !== line.quantity || new Set(line.serials).size !== line.serials.length) {
      throw badRequest(
        'inventory.serials_mismatch',
        `Give exactly ${line.quantity} different serial number(s) for variant ${line.variantId}.`,
      );
    }
    return [...line.serials];
  }

  /**
   * Splits a line of a lot-tracked variant that names no lot into portions per lot, first expiry
   * first (FEFO); whatever the lots do not cover stays one portion without a lot.
   */
  async function portions(line: StockLine): Promise<StockLine[]> {
    if (line.lot || (await trackingOf(line.variantId)) !== 'lot') return [line];
    const lots = await tx.query<{ lot_code: string; on_hand: string }>(
      `select lot_code, on_hand from inventory.lots where location_id = $1 and variant_id = $2 and on_hand > 0
        order by expires_on nulls last, lot_code`,
      [line.locationId, line.variantId],
    );
    const result: StockLine[] = [];
    let remaining = line.quantity;
    for (const lot of lots) {
      if (remaining === 0) break;
      const take = Math.min(remaining, Number(lot.on_hand));
      result.push({ ...line, quantity: take, lot: { code: lot.lot_code } });
      remaining -= take;
    }
    if (remaining > 0) result.push({ ...line, quantity: remaining });
    return result;
  }

  /** Adds stock (receive, return, positive adjustment); creates the level row on first use. `variantCost`: a costed receipt's new average. */
  async function add(
    line: StockLine,
    kind: MovementKind,
    reason: string | null,
    reference: StockReference | null,
    unitCost: UnitCost | null = null,
    variantCost?: UnitCost,
  ): Promise<StockMovement> {
    await trackIn(line, kind);
    const moved = await moveLevel(
      `insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, version) values ($1, $2, $3, $4, 1)
       on conflict (tenant_id, location_id, variant_id)
       do update set on_hand = stock_levels.on_hand + excluded.on_hand, version = stock_levels.version + 1, updated_at = now()`,
      [tx.tenantId, line.locationId, line.variantId, line.quantity],
      line,
      kind,
      line.quantity,
      reason,
      reference,
      unitCost,
      variantCost,
    );
    return moved!.movement;
  }

  /** Takes stock out without going below available; undefined when the line falls short. */
  async function takeGuarded(
    line: StockLine,
    kind: MovementKind,
    reason: string | null,
    reference: StockReference | null,
  ): Promise<StockMovement | undefined> {
    const moved = await moveLevel(
      `update inventory.stock_levels set on_hand = on_hand - $3, version = version + 1, updated_at = now()
        where location_id = $1 and variant_id = $2 and on_hand - reserved >= $3`,
      [line.locationId, line.variantId, line.quantity],
      line,
      kind,
      -line.quantity,
      reason,
      reference,
    );
    if (!moved) return undefined;
    await trackOut(line, kind);
    return moved.movement;
  }

  async function available(line: StockLine): Promise<number> {
    const [row] = await tx.query<{ available: string }>(
      'select on_hand - reserved as available from inventory.stock_levels where location_id = $1 and variant_id = $2',
      [line.locationId, line.variantId],
    );
    return row ? Number(row.available) : 0;
  }

  /** Refuses unknown variants (404); remembers how each one tracks stock, saving a query per line later. */
  async function requireVariants(lines: readonly StockLine[]): Promise<void> {
    const known = await knownVariants(tx);
    const ids = [...new Set(lines.map((l) => l.variantId))].filter((id) => !known.has(id));
    if (ids.length === 0) return;
    const found = await tx.query<{ variant_id: string; tracking: Tracking }>(
      `select v.variant_id, p.tracking from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
        where v.variant_id = any($1::uuid[])`,
      [ids],
    );
    for (const row of found) {
      trackingCache.set(row.variant_id, row.tracking);
      known.set(row.variant_id, row.tracking);
    }
    const missing = ids.filter((id) => !found.some((row) => row.variant_id === id));
    if (missing.length > 0)
      throw notFound('inventory.unknown_variant', `Unknown variant${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`, {
        variantIds: missing,
      });
  }

  const insufficient = (short: ShortLine[]) =>
    conflict(
      'inventory.insufficient_stock',
      `Not enough stock: ${short.map((s) => `${s.quantity} wanted of variant ${s.variantId} at ${s.locationId}, ${s.available} available`).join('; ')}.`,
      { short },
    );

  /** Takes a whole line, lot by lot (FEFO) when the variant tracks lots; undefined when it falls short. */
  async function take(
    line: StockLine,
    kind: MovementKind,
    reason: string | null,
    reference: StockReference | null,
  ): Promise<StockMovement[] | undefined> {
    const movements: StockMovement[] = [];
    for (const portion of await portions(line)) {
      const taken = await takeGuarded(portion, kind, reason, reference);
      if (!taken) return undefined;
      movements.push(taken);
    }
    return movements;
  }

  return { record, announce, moveLevel, add, take, available, requireVariants, insufficient, portions, trackingOf };
}

export type StockMovements = ReturnType<typeof createStockMovements>;
