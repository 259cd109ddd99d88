/** Stock as the back office reads it from core-inventory's routes (src/server/stock, transfers, counts). */
import type { OfficeApi } from '@kits/plugin-sdk/office';
export const INVENTORY = '/api/v1/core-inventory';
export const STOCK_ADJUST = 'core-inventory:stock.adjust';
export const STOCK_RECEIVE = 'core-inventory:stock.receive';

export interface Money {
  readonly amount: number;
  readonly currency: string;
}

export interface Page<Item> {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export interface StockLevel {
  readonly productId: string;
  readonly productName: string;
  readonly variantId: string;
  readonly sku: string;
  readonly options: Readonly<Record<string, string>>;
  readonly unit: string;
  readonly locationId: string;
  readonly onHand: number;
  readonly reserved: number | null;
  readonly available: number | null;
  readonly reorderPoint: number | null;
  readonly reorderMax: number | null;
  readonly low: boolean;
  readonly unitCost: Money | null;
  readonly valueAtCost: Money | null;
}

export interface StockSummary {
  readonly levels: number;
  readonly low: number;
  readonly units: number;
  readonly value: readonly Money[];
  readonly withoutCost: number;
}

export type MovementKind =
  'receive' | 'sale' | 'return' | 'adjustment' | 'transfer_out' | 'transfer_in' | 'count_correction' | 'supplier_return';

/** What each kind of movement is called on screen. */
export const MOVEMENT_KIND_LABEL: Readonly<Record<MovementKind, string>> = {
  receive: 'Received',
  sale: 'Sold',
  return: 'Returned by customer',
  adjustment: 'Adjusted',
  transfer_out: 'Sent on transfer',
  transfer_in: 'Arrived on transfer',
  count_correction: 'Count correction',
  supplier_return: 'Returned to supplier',
};

export interface LedgerEntry {
  readonly id: string;
  readonly variantId: string;
  readonly sku: string;
  readonly productName: string;
  readonly locationId: string;
  readonly kind: MovementKind;
  readonly quantity: number;
  readonly reason: string | null;
  readonly reference: { readonly kind: string; readonly id: string } | null;
  readonly lotCode: string | null;
  readonly serials: readonly string[] | null;
  readonly unitCost: Money | null;
  readonly occurredAt: string;
}

export type TransferStatus = 'draft' | 'shipped' | 'received' | 'cancelled';

export interface TransferSummary {
  readonly id: string;
  readonly fromLocationId: string;
  readonly toLocationId: string;
  readonly status: TransferStatus;
  readonly createdAt: string;
  readonly shippedAt: string | null;
  readonly receivedAt: string | null;
  readonly lines: number;
  readonly sent: number;
  readonly received: number;
  readonly short: number;
}

export interface Transfer {
  readonly id: string;
  readonly fromLocationId: string;
  readonly toLocationId: string;
  readonly status: TransferStatus;
  readonly createdAt: string;
  readonly shippedAt: string | null;
  readonly receivedAt: string | null;
  readonly lines: ReadonlyArray<{
    readonly variantId: string;
    readonly sku: string;
    readonly productName: string;
    readonly sent: number;
    readonly received: number;
    readonly inTransit: number;
    readonly short: number;
  }>;
}

export const TRANSFER_STATUS: Readonly<Record<TransferStatus, { label: string; tone: 'neutral' | 'info' | 'success' | 'danger' }>> = {
  draft: { label: 'Draft', tone: 'neutral' },
  shipped: { label: 'In transit', tone: 'info' },
  received: { label: 'Received', tone: 'success' },
  cancelled: { label: 'Cancelled', tone: 'danger' },
};

export interface CountSummary {
  readonly id: string;
  readonly locationId: string;
  readonly categoryId: string | null;
  readonly categoryName: string | null;
  readonly status: 'open' | 'approved' | 'cancelled';
  readonly startedAt: string;
  readonly approvedAt: string | null;
  readonly countedItems: number;
  readonly countedUnits: number;
  readonly expectedItems: number;
}

export interface CountProgress extends CountSummary {
  readonly lines: ReadonlyArray<{ variantId: string; sku: string; productName: string; lotCode: string | null; counted: number }>;
}

export interface CountVariance {
  readonly countId: string;
  readonly status: string;
  readonly lines: ReadonlyArray<{
    readonly variantId: string;
    readonly sku: string;
    readonly productName: string;
    readonly lotCode: string | null;
    readonly expected: number;
    readonly counted: number;
    readonly variance: number;
    readonly missingSerials: readonly string[];
    readonly foundSerials: readonly string[];
  }>;
}

export interface Lot {
  readonly code: string;
  readonly expiresOn: string | null;
  readonly onHand: number;
  readonly locationId: string;
}

export interface SerialTrace {
  readonly variantId: string;
  readonly serial: string;
  readonly status: string;
  readonly locationId: string | null;
  readonly movements: ReadonlyArray<{ id: string; locationId: string; kind: MovementKind; quantity: number; occurredAt: string }>;
}

/** A variant as the search answers it (what a picker offers). */
export interface VariantHit {
  readonly variantId: string;
  readonly productId: string;
  readonly name: string;
  readonly sku: string;
  readonly options: Readonly<Record<string, string>>;
}

/** "Blue / L" from a variant's options, or nothing for a single-variant product. */
export const optionText = (options: Readonly<Record<string, string>>) => Object.values(options).join(' / ');

/** The variant a picker holds: enough to show it and to ask for its stock. */
export interface PickedVariant {
  readonly variantId: string;
  readonly name: string;
  readonly sku: string;
}

/**
 * How the stock pages' product pickers (the kit's SearchPicker) find a variant: by name, SKU or
 * barcode through the catalog's ranked search.
 */
export const variantPicker = (api: OfficeApi) => ({
  find: (text: string, signal: AbortSignal): Promise<PickedVariant[]> =>
    api.get<Page<VariantHit>>(`${INVENTORY}/search`, { query: { q: text, limit: 6 }, signal }).then((page) =>
      page.items.map((hit) => {
        const options = optionText(hit.options);
        return { variantId: hit.variantId, name: options ? `${hit.name} (${options})` : hit.name, sku: hit.sku };
      }),
    ),
  optionKey: (variant: PickedVariant) => variant.variantId,
  optionLabel: (variant: PickedVariant) => variant.name,
  optionDetail: (variant: PickedVariant) => variant.sku,
  placeholder: 'Name, SKU or barcode',
  what: 'Searching products',
  noMatch: 'No product matches',
});

/** A picked variant as the picker shows it, with the Change button that clears it. */
export const chosenVariant = (variant: PickedVariant | undefined, clear: () => void) =>
  variant ? { label: variant.name, detail: variant.sku, onClear: clear } : undefined;
