import {
  CurrencyCode,
  FreeText,
  LineQuantity,
  MoneyInput,
  NonBlankText,
  Nullable,
  Page,
  PageQuery,
  pageRequest,
  Timestamp,
  Type,
  Uuid,
  type RouteRegistrar,
} from '@kits/plugin-sdk';
import { IsoDate } from '../schemas.ts';
import type { PurchasingSettings } from '../settings.ts';
import { readSupplier } from '../suppliers/supplier-store.ts';
import { renderOrderPdf } from './order-pdf.ts';
import { listOrders, readOrder, readOrderByNumber } from './order-reads.ts';
import { createOrder, transition, updateDraft } from './order-store.ts';

const Status = Type.Union(
  ['draft', 'sent', 'partially_received', 'received', 'closed', 'cancelled'].map((s) => Type.Literal(s)),
  { description: 'draft → sent → partially_received → received → closed; or cancelled' },
);
const LineInput = Type.Object(
  {
    variantId: Uuid,
    packs: Type.With(LineQuantity, { description: "Packs of the supplier's pack size" }),
    packSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, description: "Default: the supplier's pack size" })),
    unitCost: Type.Optional(MoneyInput),
    supplierSku: Type.Optional(NonBlankText(64)),
    expectedOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);
const Lines = Type.Array(LineInput, { minItems: 1, maxItems: 500 });
const Line = Type.Object({
  lineNo: Type.Integer(),
  variantId: Uuid,
  sku: Type.String(),
  name: Type.String(),
  tracking: Type.String(),
  supplierSku: Nullable(Type.String()),
  packSize: Type.Integer(),
  packs: Type.Integer(),
  orderedQuantity: Type.Integer(),
  receivedQuantity: Type.Integer(),
  damagedQuantity: Type.Integer(),
  returnedQuantity: Type.Integer(),
  unitCost: Nullable(Type.Integer()),
  lineTotal: Nullable(Type.Integer()),
  expectedOn: Nullable(Type.String()),
  unplanned: Type.Boolean(),
});
const Order = Type.Object({
  id: Uuid,
  number: Type.String(),
  supplierId: Uuid,
  supplierName: Type.String(),
  locationId: Uuid,
  currency: Type.String(),
  status: Status,
  origin: Type.String(),
  expectedOn: Nullable(Type.String()),
  notes: Type.String(),
  createdAt: Timestamp,
  sentAt: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  total: Type.Integer(),
  lines: Type.Array(Line),
});
const OrderSummary = Type.Object({
  id: Uuid,
  number: Type.String(),
  supplierId: Uuid,
  supplierName: Type.String(),
  locationId: Uuid,
  currency: Type.String(),
  status: Status,
  origin: Type.String(),
  expectedOn: Nullable(Type.String()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
const OrderParams = Type.Object({ orderId: Uuid });

/** Purchase orders: drafted in supplier packs, sent, received, closed or cancelled; their PDF. */
export function registerOrderRoutes(routes: RouteRegistrar<PurchasingSettings>): void {
  routes.post('/purchase-orders', {
    permission: 'purchasing:orders.write',
    schema: {
      summary: 'Draft a purchase order: lines in packs of the supplier, at its costs unless given',
      body: Type.Object(
        {
          supplierId: Uuid,
          locationId: Uuid,
          currency: Type.Optional({ ...CurrencyCode, description: "Must be the supplier's currency" }),
          expectedOn: Type.Optional(IsoDate),
          notes: Type.Optional(FreeText(2000)),
          lines: Lines,
        },
        { additionalProperties: false },
      ),
      response: { 201: Order },
    },
    async handler(request, reply) {
      const id = await createOrder(request.tx, request.services, request.body);
      await request.tx.audit('purchasing.po.created', { purchaseOrderId: id });
      reply.status(201);
      return readOrder(request.tx, request.services, id);
    },
  });

  routes.get('/purchase-orders', {
    schema: {
      summary:
        'Purchase orders, newest first, a page at a time; by number or supplier text, status, supplier, location, or time created or changed',
      querystring: PageQuery({
        q: Type.Optional(
          Type.String({
            minLength: 1,
            maxLength: 40,
            description: "Text in the order's number (`PO-000012`, `12`) or the supplier's name, in any case",
          }),
        ),
        status: Type.Optional(Status),
        supplierId: Type.Optional(Uuid),
        locationId: Type.Optional(Uuid),
        createdSince: Type.Optional(Type.With(Timestamp, { description: 'Created at or after this time (ISO 8601 with offset)' })),
        updatedSince: Type.Optional(Type.With(Timestamp, { description: 'Changed at or after this time (ISO 8601 with offset)' })),
      }),
      response: { 200: Page(OrderSummary) },
    },
    handler: (request) => listOrders(request.tx, request.query, pageRequest(request.query)),
  });

  routes.get('/purchase-orders/by-number/:number', {
    schema: {
      summary: 'A purchase order by its number (what its barcode says)',
      params: Type.Object({ number: Type.String({ minLength: 1, maxLength: 40 }) }),
      response: { 200: Order },
    },
    handler: (request) => readOrderByNumber(request.tx, request.services, request.params.number),
  });

  routes.get('/purchase-orders/:orderId', {
    schema: { summary: 'A purchase order with its lines', params: OrderParams, response: { 200: Order } },
    handler: (request) => readOrder(request.tx, request.services, request.params.orderId),
  });

  routes.get('/purchase-orders/:orderId/pdf', {
    schema: {
      summary: 'The purchase order as a PDF to email to the supplier (its number also as a Code 128 barcode)',
      params: OrderParams,
    },
    async handler(request, reply) {
      const order = await readOrder(request.tx, request.services, request.params.orderId);
      const supplier = await readSupplier(request.tx, order.supplierId);
      const pdf = await renderOrderPdf(request.tx, order, supplier);
      reply.header('content-type', 'application/pdf').header('content-disposition', `inline; filename="${order.number}.pdf"`);
      return pdf;
    },
  });

  routes.put('/purchase-orders/:orderId', {
    permission: 'purchasing:orders.write',
    schema: {
      summary: "Replace a draft's expected date, notes and lines",
      params: OrderParams,
      body: Type.Object(
        {
          currency: Type.Optional(CurrencyCode),
          expectedOn: Type.Optional(IsoDate),
          notes: Type.Optional(FreeText(2000)),
          lines: Lines,
        },
        { additionalProperties: false },
      ),
      response: { 200: Order },
    },
    async handler(request) {
      await updateDraft(request.tx, request.services, request.params.orderId, request.body);
      await request.tx.audit('purchasing.po.updated', { purchaseOrderId: request.params.orderId });
      return readOrder(request.tx, request.services, request.params.orderId);
    },
  });

  for (const action of ['send', 'close', 'cancel'] as const) {
    routes.post(`/purchase-orders/:orderId/${action}`, {
      permission: 'purchasing:orders.write',
      schema: {
        summary: {
          send: 'Mark a draft as sent to the supplier',
          close: 'Close an order that received goods, accepting any shortfall',
          cancel: 'Cancel a draft or sent order',
        }[action],
        params: OrderParams,
        response: { 200: Order },
      },
      async handler(request) {
        await transition(request.tx, request.params.orderId, action);
        await request.tx.audit(`purchasing.po.${action}`, { purchaseOrderId: request.params.orderId });
        return readOrder(request.tx, request.services, request.params.orderId);
      },
    });
  }
}
