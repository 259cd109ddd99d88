import { Page, PageQuery, pageRequest, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';
import { listMovements, MOVEMENT_KINDS } from './movement-list.ts';
import { listStockLevels, summarizeStock } from './stock-level-list.ts';

const Money = Type.Object({ amount: Type.Integer(), currency: Type.String() });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

const levelFilters = {
  locationId: Type.Optional(Type.With(Uuid, { description: 'One location; every location when left out' })),
  q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Text in the product name or SKU, in any case' })),
  low: Type.Optional(Type.Boolean({ description: 'Only levels whose available stock is below their reorder point' })),
  asOf: Type.Optional(
    Type.With(Timestamp, {
      description:
        'Rebuild the levels from the ledger as they were at this instant (ISO 8601 with offset). Reserved is then null; reorder points and costs are today’s.',
    }),
  ),
};

const StockLevelItem = Type.Object({
  productId: Uuid,
  productName: Type.String(),
  variantId: Uuid,
  sku: Type.String(),
  options: Type.Record(Type.String(), Type.String()),
  unit: Type.String(),
  locationId: Uuid,
  onHand: Type.Integer(),
  reserved: Nullable(Type.Integer()),
  available: Nullable(Type.Integer()),
  reorderPoint: Nullable(Type.Integer()),
  reorderMax: Nullable(Type.Integer()),
  low: Type.Boolean({ description: 'Available below the reorder point' }),
  unitCost: Nullable(Money),
  valueAtCost: Nullable(Type.With(Money, { description: 'On hand (never below zero) × unit cost, minor units' })),
});

const LedgerEntry = Type.Object({
  id: Uuid,
  variantId: Uuid,
  sku: Type.String(),
  productName: Type.String(),
  locationId: Uuid,
  kind: Type.String(),
  quantity: Type.Integer({ description: 'Signed: negative took stock out' }),
  reason: Nullable(Type.String()),
  reference: Nullable(Type.Object({ kind: Type.String(), id: Type.String() })),
  lotCode: Nullable(Type.String()),
  serials: Nullable(Type.Array(Type.String())),
  unitCost: Nullable(Money),
  occurredAt: Timestamp,
});

/** What the back office lists of stock: levels with their value (now or as of an instant), their totals, and the ledger. */
export function registerStockListRoutes(routes: RouteRegistrar<InventorySettings>): void {
  routes.get('/stock/levels', {
    schema: {
      summary:
        'Stock levels by product with low stock and value at cost, at one location or all, now or as of an instant; a page at a time',
      querystring: PageQuery(levelFilters),
      response: { 200: Page(StockLevelItem) },
    },
    handler: (request) => listStockLevels(request.tx, request.query, pageRequest(request.query)),
  });

  routes.get('/stock/summary', {
    schema: {
      summary: 'Totals of the stock levels a filter selects: levels, low, units, and value at cost per currency',
      querystring: Type.Object(levelFilters, { additionalProperties: false }),
      response: {
        200: Type.Object({
          levels: Type.Integer(),
          low: Type.Integer(),
          units: Type.Integer(),
          value: Type.Array(Money),
          withoutCost: Type.Integer({ description: 'Levels with stock whose variant has no cost (not in value)' }),
        }),
      },
    },
    handler: (request) => summarizeStock(request.tx, request.query),
  });

  routes.get('/stock/movements', {
    schema: {
      summary: 'The stock ledger, newest first, by variant, location, kind and period; a page at a time',
      querystring: PageQuery({
        variantId: Type.Optional(Uuid),
        locationId: Type.Optional(Uuid),
        kind: Type.Optional(Type.Union(MOVEMENT_KINDS.map((kind) => Type.Literal(kind)))),
        from: Type.Optional(Type.With(Timestamp, { description: 'At or after this instant' })),
        to: Type.Optional(Type.With(Timestamp, { description: 'Before this instant' })),
      }),
      response: { 200: Page(LedgerEntry) },
    },
    handler: (request) => listMovements(request.tx, request.query, pageRequest(request.query)),
  });
}
