import {
  notFound,
  type CommitSaleResult,
  type CostedStockLine,
  type InventoryService,
  type OversellPolicy,
  type ShortLine,
  type StockLine,
  type StockMovement,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { costUpdater } from './cost-updates.ts';
import { guardedSaleTaker, offlineSaleRecorder, raiseDiscrepancy } from './one-statement-sales.ts';
import { createStockMovements } from './stock-movements.ts';
import { levelOf, ordered, type LevelRow, type StockLedgerOptions } from './stock-rows.ts';

/** A costed line without its cost: what the level and lot bookkeeping see. */
const stockLine = ({ unitCost: _unitCost, ...line }: CostedStockLine): StockLine => line;

/** The stock part of the inventory@1 service over one tenant transaction. */
export function createStockLedger(tx: TenantTransaction, options: StockLedgerOptions): Omit<InventoryService, 'sellable' | 'categories'> {
  const stockMovements = createStockMovements(tx, options);
  const { moveLevel, add, take, available, requireVariants, insufficient, portions, trackingOf } = stockMovements;
  const recordOfflineSale = offlineSaleRecorder(tx, stockMovements);
  const takeSale = guardedSaleTaker(tx, stockMovements);
  const updateCosts = costUpdater(tx);
  /** Lines the one-statement sale paths take: untracked variants, no lot or serials, each variant once per location. */
  const plainLines = async (lines: readonly StockLine[]) =>
    new Set(lines.map((l) => `${l.locationId}:${l.variantId}`)).size === lines.length &&
    lines.every((l) => !l.lot && !l.serials?.length) &&
    (await Promise.all(lines.map((l) => trackingOf(l.variantId)))).every((tracking) => tracking === 'none');
  return {
    async levels(variantIds, locationId) {
      const rows = await tx.query<LevelRow>(
        `select variant_id, location_id, on_hand, reserved, version, reorder_point, reorder_max from inventory.stock_levels
          where variant_id = any($1::uuid[]) and ($2::uuid is null or location_id = $2) order by variant_id, location_id`,
        [variantIds, locationId ?? null],
      );
      return rows.map(levelOf);
    },

    async holdLevels(variantIds, locationId) {
      if (variantIds.length === 0) return;
      // (location, variant) order: the order sortedLines gives every movement.
      await tx.query(
        `select 1 from inventory.stock_levels where location_id = $2 and variant_id = any($1::uuid[])
          order by location_id, variant_id for update`,
        [variantIds, locationId],
      );
    },

    async reorderLevels(locationId) {
      const rows = await tx.query<LevelRow>(
        `select variant_id, location_id, on_hand, reserved, version, reorder_point, reorder_max from inventory.stock_levels
          where (reorder_point is not null or reorder_max is not null) and ($1::uuid is null or location_id = $1)
          order by location_id, variant_id`,
        [locationId ?? null],
      );
      return rows.map(levelOf);
    },

    async soldQuantities({ since, until, locationId }) {
      const rows = await tx.query<{ variant_id: string; location_id: string; sold: string }>(
        `select variant_id, location_id, -sum(quantity) as sold from inventory.stock_movements
          where kind = 'sale' and occurred_at >= $1 and occurred_at < $2 and ($3::uuid is null or location_id = $3)
          group by variant_id, location_id order by location_id, variant_id`,
        [since.toISOString(), until.toISOString(), locationId ?? null],
      );
      return rows.map((r) => ({ variantId: r.variant_id, locationId: r.location_id, quantity: Number(r.sold) }));
    },

    async receive(lines, reference) {
      await requireVariants(lines);
      const costs = await updateCosts(lines);
      const movements: StockMovement[] = [];
      for (const line of ordered(lines))
        movements.push(await add(stockLine(line), 'receive', null, reference ?? null, line.unitCost ?? null, costs.get(line.variantId)));
      return movements;
    },

    async returnToSupplier(lines, reference, reason) {
      await requireVariants(lines);
      const movements: StockMovement[] = [];
      const short: ShortLine[] = [];
      for (const line of ordered(lines)) {
        const taken = await take(line, 'supplier_return', reason, reference);
        if (taken) movements.push(...taken);
        else short.push({ ...line, available: await available(line) });
      }
      if (short.length > 0) throw insufficient(short);
      return movements;
    },

    async adjust({ variantId, locationId, quantity, reason }) {
      await requireVariants([{ variantId, locationId, quantity: Math.abs(quantity) }]);
      const line = { variantId, locationId, quantity: Math.abs(quantity) };
      if (quantity > 0) return add(line, 'adjustment', reason, null);
      const taken = await take(line, 'adjustment', reason, null);
      if (!taken) throw insufficient([{ ...line, available: await available(line) }]);
      return taken[0]!;
    },

    async commitSale(lines, policy: OversellPolicy, reference): Promise<CommitSaleResult> {
      await requireVariants(lines);
      if (await plainLines(lines)) {
        if (policy === 'allow-negative') return recordOfflineSale(ordered(lines), reference);
        const taken = await takeSale(ordered(lines), reference);
        if (taken.short.length > 0) throw insufficient(taken.short);
        return { movements: taken.movements, discrepancies: [] };
      }
      const movements: StockMovement[] = [];
      const short: ShortLine[] = [];
      for (const line of ordered(lines)) {
        if (policy === 'deny') {
          const taken = await take(line, 'sale', null, reference);
          if (taken) movements.push(...taken);
          else short.push({ ...line, available: await available(line) });
          continue;
        }
        // Lots the line can be taken from (FEFO) are decremented; serials given are marked sold
        // where they are known to be in stock (an offline sale is the truth, not the system).
        for (const portion of await portions(line)) {
          if (portion.lot) {
            await tx.query(
              'update inventory.lots set on_hand = greatest(on_hand - $4, 0) where location_id = $1 and variant_id = $2 and lot_code = $3',
              [portion.locationId, portion.variantId, portion.lot.code, portion.quantity],
            );
          }
        }
        if (line.serials?.length && (await trackingOf(line.variantId)) === 'serial') {
          await tx.query(
            `update inventory.serials set status = 'sold', location_id = null where variant_id = $1 and serial = any($2::text[])`,
            [line.variantId, [...line.serials]],
          );
        }
        // allow-negative: the sale happened (offline); record it, and raise a discrepancy for
        // whatever it took below zero so someone counts the shelf.
        const moved = await moveLevel(
          `insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, discrepancy_open, version) values ($1, $2, $3, -$4::bigint, true, 1)
           on conflict (tenant_id, location_id, variant_id) do update
             set on_hand = stock_levels.on_hand - $4, discrepancy_open = stock_levels.discrepancy_open or stock_levels.on_hand - $4 < 0,
                 version = stock_levels.version + 1, updated_at = now()`,
          [tx.tenantId, line.locationId, line.variantId, line.quantity],
          line,
          'sale',
          -line.quantity,
          null,
          reference,
        );
        const onHand = moved!.onHand;
        const shortLine = await raiseDiscrepancy(tx, line, onHand, reference);
        if (shortLine) short.push(shortLine);
        movements.push(moved!.movement);
      }
      if (policy === 'deny' && short.length > 0) throw insufficient(short);
      return { movements, discrepancies: policy === 'deny' ? [] : short };
    },

    async applyReturn(lines, reference, restock) {
      await requireVariants(lines);
      if (!restock) return [];
      const movements: StockMovement[] = [];
      for (const line of ordered(lines)) movements.push(await add(line, 'return', null, reference));
      return movements;
    },

    async reserve(lines, expiresAt, reference) {
      await requireVariants(lines);
      const short: ShortLine[] = [];
      for (const line of ordered(lines)) {
        const held = await tx.query(
          `update inventory.stock_levels set reserved = reserved + $3, version = version + 1, updated_at = now()
            where location_id = $1 and variant_id = $2 and on_hand - reserved >= $3 returning 1`,
          [line.locationId, line.variantId, line.quantity],
        );
        if (held.length === 0) short.push({ ...line, available: await available(line) });
      }
      if (short.length > 0) throw insufficient(short);
      const id = uuidv7();
      await tx.query(
        'insert into inventory.reservations (tenant_id, reservation_id, reference_kind, reference_id, expires_at) values ($1, $2, $3, $4, $5)',
        [tx.tenantId, id, reference.kind, reference.id, expiresAt.toISOString()],
      );
      for (const line of lines) {
        await tx.query(
          'insert into inventory.reservation_lines (tenant_id, reservation_id, location_id, variant_id, quantity) values ($1, $2, $3, $4, $5)',
          [tx.tenantId, id, line.locationId, line.variantId, line.quantity],
        );
      }
      return { id, lines: [...lines], expiresAt: expiresAt.toISOString() };
    },

    async release(reservationId) {
      const released = await tx.query(
        'update inventory.reservations set released_at = now() where reservation_id = $1 and released_at is null returning 1',
        [reservationId],
      );
      if (released.length === 0) throw notFound('inventory.unknown_reservation', `There is no open reservation ${reservationId}.`);
      const lines = await tx.query<{ location_id: string; variant_id: string; quantity: string }>(
        'select location_id, variant_id, quantity from inventory.reservation_lines where reservation_id = $1 order by location_id, variant_id',
        [reservationId],
      );
      for (const line of lines) {
        await tx.query(
          'update inventory.stock_levels set reserved = reserved - $3, version = version + 1, updated_at = now() where location_id = $1 and variant_id = $2',
          [line.location_id, line.variant_id, Number(line.quantity)],
        );
      }
    },
  };
}
