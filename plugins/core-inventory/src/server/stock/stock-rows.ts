import type { StockLevel, UnitCost } from '@kits/plugin-sdk';

/** A row of inventory.stock_levels as a statement answers it. */
export interface LevelRow {
  variant_id: string;
  location_id: string;
  on_hand: string;
  reserved: string;
  version: string;
  reorder_point: string | null;
  reorder_max: string | null;
}

/** How a product's stock is tracked beyond quantities. */
export type Tracking = 'none' | 'lot' | 'serial';

export const levelOf = (row: LevelRow): StockLevel => ({
  variantId: row.variant_id,
  locationId: row.location_id,
  onHand: Number(row.on_hand),
  reserved: Number(row.reserved),
  available: Number(row.on_hand) - Number(row.reserved),
  version: Number(row.version),
  reorderPoint: row.reorder_point === null ? null : Number(row.reorder_point),
  reorderMax: row.reorder_max === null ? null : Number(row.reorder_max),
});

/** A level as a movement left it (what `announce` needs), from the row an UPDATE … RETURNING gave. */
export const levelAfter = (row: { on_hand: string; reserved: string; reorder_point: string | null }) => ({
  onHand: Number(row.on_hand),
  reserved: Number(row.reserved),
  reorderPoint: row.reorder_point === null ? null : Number(row.reorder_point),
});

/** The unit cost a movement row carries, as the service answers it. */
export const costOf = (row: { unit_cost_minor: string | null; cost_currency: string | null }): UnitCost | null =>
  row.unit_cost_minor === null || row.cost_currency === null ? null : { amount: Number(row.unit_cost_minor), currency: row.cost_currency };

/** Lines in one fixed order (location, variant), so concurrent multi-line calls never deadlock. */
export const ordered = <T extends { locationId: string; variantId: string }>(lines: readonly T[]) =>
  [...lines].sort((a, b) => a.locationId.localeCompare(b.locationId) || a.variantId.localeCompare(b.variantId));

export interface StockLedgerOptions {
  /** Publish inventory.stock.low when available stock crosses a reorder point (tenant setting). */
  readonly lowStockEvents: boolean;
}

/** A stock level after a change, with the movement appended for it. */
export interface MovedLevelRow {
  on_hand: string;
  reserved: string;
  reorder_point: string | null;
  occurred_at: Date;
  unit_cost_minor: string | null;
  cost_currency: string | null;
}
