import type { OfficePluginContext } from '@kits/plugin-sdk/office';

/** What purchasing's API answers, as the office pages read it (see src/server/*\/routes.ts). */
export const API = '/api/v1/purchasing';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export interface SupplierSummary {
  readonly id: string;
  readonly name: string;
  readonly currency: string;
  readonly paymentTermsDays: number;
  readonly leadTimeDays: number;
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: string;
  readonly notes: string;
  readonly status: 'active' | 'archived';
  readonly revision: number;
  readonly updatedAt: string;
}

export interface SupplierItem {
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly supplierSku: string;
  readonly packSize: number;
  readonly unitCost: Money;
  readonly preferred: boolean;
}

export interface Supplier extends SupplierSummary {
  readonly items: readonly SupplierItem[];
}

export type OrderStatus = 'draft' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';

export interface OrderSummary {
  readonly id: string;
  readonly number: string;
  readonly supplierId: string;
  readonly supplierName: string;
  readonly locationId: string;
  readonly currency: string;
  readonly status: OrderStatus;
  readonly origin: string;
  readonly expectedOn: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface OrderLine {
  readonly lineNo: number;
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly tracking: string;
  readonly supplierSku: string | null;
  readonly packSize: number;
  readonly packs: number;
  readonly orderedQuantity: number;
  readonly receivedQuantity: number;
  readonly damagedQuantity: number;
  readonly returnedQuantity: number;
  readonly unitCost: number | null;
  readonly lineTotal: number | null;
  readonly expectedOn: string | null;
  readonly unplanned: boolean;
}

export interface Order extends Omit<OrderSummary, 'updatedAt'> {
  readonly notes: string;
  readonly sentAt: string | null;
  readonly closedAt: string | null;
  readonly cancelledAt: string | null;
  readonly total: number;
  readonly lines: readonly OrderLine[];
}

export interface Suggestion {
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly locationId: string;
  readonly basis: 'reorder-point' | 'forecast' | 'velocity';
  /** The forecast's method when the basis is a forecast (forecast@1), else null. */
  readonly forecastMethod: string | null;
  readonly available: number;
  readonly onOrder: number;
  readonly reorderPoint: number | null;
  readonly reorderMax: number | null;
  readonly sold: number;
  readonly target: number;
  readonly packs: number;
  readonly quantity: number;
  readonly packSize: number;
  readonly supplierId: string | null;
  readonly supplierName: string | null;
  readonly unitCost: Money | null;
}

/** Units still to come on a line: ordered, less what came (good or damaged). */
export const outstanding = (line: OrderLine): number => Math.max(line.orderedQuantity - line.receivedQuantity - line.damagedQuantity, 0);

/** Units of a line that are in stock and may go back to the supplier. */
export const returnable = (line: OrderLine): number => Math.max(line.receivedQuantity - line.returnedQuantity, 0);

/** The name of a location the person may see, or a short form of its id. */
export function locationName(context: OfficePluginContext, locationId: string): string {
  return context.session.locations.find((l) => l.id === locationId)?.name ?? 'Another location';
}

/** A variant as core-inventory's search finds it. */
export interface VariantHit {
  readonly variantId: string;
  readonly productId: string;
  readonly name: string;
  readonly sku: string;
  readonly options: Readonly<Record<string, string>>;
}

export const variantLabel = (hit: { name: string; options?: Readonly<Record<string, string>> }) => {
  const options = Object.values(hit.options ?? {}).join(' / ');
  return options ? `${hit.name} — ${options}` : hit.name;
};

/**
 * How purchasing's product pickers (the kit's SearchPicker) find an item to buy: by name, SKU or
 * barcode through core-inventory's ranked search. `exclude`: variants already on the list, offered as such.
 */
export const variantPicker = (context: OfficePluginContext, exclude: readonly string[] = []) => ({
  find: (text: string, signal: AbortSignal) =>
    context.api
      .get<{ items: VariantHit[] }>('/api/v1/core-inventory/search', { query: { q: text, limit: 8 }, signal })
      .then((page) => page.items),
  optionKey: (hit: VariantHit) => hit.variantId,
  optionLabel: variantLabel,
  optionDetail: (hit: VariantHit) => hit.sku,
  optionName: (hit: VariantHit) => `Add ${variantLabel(hit)} (${hit.sku})`,
  unavailable: (hit: VariantHit) => (exclude.includes(hit.variantId) ? 'already added' : undefined),
  placeholder: 'Product name, SKU or barcode',
  what: 'Searching products',
  noMatch: 'No product matches',
});
