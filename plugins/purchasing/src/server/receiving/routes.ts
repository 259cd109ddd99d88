import { NonBlankText, Quantity, QuantityOrZero, Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { lockOrder } from '../orders/order-store.ts';
import { IsoDate } from '../schemas.ts';
import type { PurchasingSettings } from '../settings.ts';
import { receivePurchaseOrder } from './receive.ts';
import { returnToSupplier } from './supplier-return.ts';

const Lot = Type.Object(
  { code: NonBlankText(64), expiresOn: Type.Optional(IsoDate) },
  { additionalProperties: false, description: 'Lot-tracked products: the lot received (and its expiry)' },
);
const Serials = Type.Array(NonBlankText(100), {
  minItems: 1,
  maxItems: 1000,
  uniqueItems: true,
  description: 'Serial-tracked products: one per unit put into stock',
});
const Answer = Type.Object({
  id: Uuid,
  kind: Type.String(),
  purchaseOrderId: Uuid,
  number: Type.String(),
  status: Type.String(),
  lines: Type.Array(
    Type.Object({
      lineNo: Type.Integer(),
      variantId: Uuid,
      quantity: Type.Integer(),
      damaged: Type.Integer(),
      orderedQuantity: Type.Integer(),
      receivedQuantity: Type.Integer(),
      damagedQuantity: Type.Integer(),
      returnedQuantity: Type.Integer(),
    }),
  ),
  movementIds: Type.Array(Uuid),
  createdAt: Timestamp,
});
const OrderParams = Type.Object({ orderId: Uuid });

/** Receiving against an order and returning to the supplier: each applied once per client-chosen id. */
export function registerReceivingRoutes(routes: RouteRegistrar<PurchasingSettings>): void {
  routes.post('/purchase-orders/:orderId/receipts', {
    permission: 'purchasing:receive',
    schema: {
      summary: 'Receive goods: good units into stock at cost, damaged ones recorded only; the same id again answers the same',
      params: OrderParams,
      body: Type.Object(
        {
          id: Type.With(Uuid, { description: 'Chosen by the client; a retry sends the same' }),
          lines: Type.Array(
            Type.Object(
              {
                variantId: Uuid,
                quantity: QuantityOrZero,
                damaged: Type.Optional(QuantityOrZero),
                lot: Type.Optional(Lot),
                serials: Type.Optional(Serials),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 500 },
          ),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Answer },
    },
    async handler(request, reply) {
      const order = await lockOrder(request.tx, request.params.orderId);
      request.require('purchasing:receive', order.location_id);
      const answer = await receivePurchaseOrder(request, request.params.orderId, request.body, request.settings);
      reply.status(201);
      return answer;
    },
  });

  routes.post('/purchase-orders/:orderId/returns', {
    permission: 'purchasing:return',
    schema: {
      summary: 'Return goods received on this order to the supplier (a negative receipt); the cost does not change',
      params: OrderParams,
      body: Type.Object(
        {
          id: Uuid,
          reason: NonBlankText(200, { multiline: true }),
          lines: Type.Array(
            Type.Object(
              {
                variantId: Uuid,
                quantity: Quantity,
                lot: Type.Optional(Lot),
                serials: Type.Optional(Serials),
              },
              { additionalProperties: false },
            ),
            { minItems: 1, maxItems: 500 },
          ),
          note: Type.Optional(Type.String({ maxLength: 1000 })),
        },
        { additionalProperties: false },
      ),
      response: { 201: Answer },
    },
    async handler(request, reply) {
      const order = await lockOrder(request.tx, request.params.orderId);
      request.require('purchasing:return', order.location_id);
      const answer = await returnToSupplier(request, request.params.orderId, request.body);
      reply.status(201);
      return answer;
    },
  });
}
