import type { TillStockLevel, TillVariant } from '@kits/plugin-sdk/till';
import type { RxJsonSchema } from 'rxdb';

/**
 * The till's local collections. RxDB's free edition opens at most 13 collections per process
 * (DESIGN §6), so these are few and shared: plugins keep their till documents in them by kind.
 */

/** A variant as the till sells it, replicated from `core-inventory.catalog`. */
export type CatalogDoc = TillVariant;

/** A code a scanner or cashier types — barcode or SKU — and the variant it means. Kept from the catalog. */
export interface CodeDoc {
  id: string;
  variantId: string;
  kind: 'barcode' | 'sku';
}

/** Stock of a variant at the till's location, replicated from `core-inventory.stock`. */
export type StockDoc = TillStockLevel;

/** One entry of the till's ordered event log: appended and applied locally at once, pushed in order. */
export interface EventDoc {
  id: string;
  sequence: number;
  type: string;
  occurredAt: string;
  payload: unknown;
  /** `resolved`: a denied event someone dealt with from the resolution queue. */
  status: 'pending' | 'accepted' | 'duplicate' | 'denied' | 'resolved';
  answer: unknown;
}

/** An event as the database keeps it: payload and answer sealed (`sealed-values.ts`). */
export interface StoredEventDoc extends Omit<EventDoc, 'payload' | 'answer'> {
  payload: string;
  answer: string | null;
}

/** Small device state: counters (event sequence, receipt number), the open shift, settings. */
export interface MetaDoc {
  id: string;
  value: unknown;
}

const id = { type: 'string', maxLength: 200 } as const;

export const catalogSchema: RxJsonSchema<CatalogDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    productId: { type: 'string' },
    name: { type: 'string', maxLength: 300 },
    sku: { type: 'string' },
    options: { type: 'object' },
    unit: { type: 'string' },
    taxClass: { type: 'string' },
    tracking: { type: 'string' },
    categoryId: { type: ['string', 'null'] },
    barcodes: { type: 'array', items: { type: 'string' } },
    prices: { type: 'array', items: { type: 'object' } },
  },
  required: ['id', 'name', 'sku', 'taxClass', 'barcodes', 'prices'],
  indexes: ['name'],
};

export const codeSchema: RxJsonSchema<CodeDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id, variantId: { type: 'string', maxLength: 100 }, kind: { type: 'string' } },
  required: ['id', 'variantId', 'kind'],
  indexes: ['variantId'],
};

export const stockSchema: RxJsonSchema<StockDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    locationId: { type: 'string' },
    onHand: { type: 'integer' },
    reserved: { type: 'integer' },
    available: { type: 'integer' },
  },
  required: ['id', 'locationId', 'onHand', 'reserved', 'available'],
};

export const eventSchema: RxJsonSchema<StoredEventDoc> = {
  version: 1,
  primaryKey: 'id',
  type: 'object',
  properties: {
    id,
    sequence: { type: 'integer', minimum: 1, maximum: 1e15, multipleOf: 1 },
    type: { type: 'string', maxLength: 100 },
    occurredAt: { type: 'string' },
    payload: { type: 'string' },
    status: { type: 'string', maxLength: 20 },
    answer: { type: ['string', 'null'] },
  },
  required: ['id', 'sequence', 'type', 'occurredAt', 'status'],
  indexes: ['sequence', ['status', 'sequence'], ['type', 'sequence']],
};

export const metaSchema: RxJsonSchema<MetaDoc> = {
  version: 0,
  primaryKey: 'id',
  type: 'object',
  properties: { id, value: {} },
  required: ['id'],
  encrypted: ['value'],
};
