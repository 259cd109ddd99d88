import { requireCustomer } from '../customers/customer-directory.ts';
import { conflict, notFound, Type, Uuid, type RouteRegistrar, type RouteRequest, type RouteSchema } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { salesSettings, type SalesSettings } from '../settings.ts';
import { refusalProblem, SaleRefusedPaymentsReleased } from './card-tenders.ts';
import { completeSale } from './complete-sale.ts';
import { activePromotions, priceSaleInput } from './price-sale.ts';
import { readSale } from './read-sale.ts';
import type { SaleContext } from './sale-context.ts';
import { DiscountInput, SaleInput, SaleLineInput, SaleOutput } from './sale-input.ts';
import { onlineSalePlace } from './sale-place.ts';
import { insertSale, lineRows } from './sale-rows.ts';

/** The sale context of an HTTP request: permissions are the signed-in actor's. */
export const requestSaleContext = (request: RouteRequest<RouteSchema, SalesSettings>): SaleContext => ({
  tx: request.tx,
  services: request.services,
  settings: salesSettings(request.settings),
  actor: request.actor,
  can: (permission) => request.can(permission),
});

const ParkInput = Type.Object(
  {
    id: Type.Optional(Uuid),
    lines: Type.Array(SaleLineInput, { minItems: 1, maxItems: 500 }),
    cartDiscount: Type.Optional(DiscountInput),
    customerId: Type.Optional(Uuid),
    deviceId: Type.Optional(Uuid),
    note: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** Checkout, sales by id, and parked sales that hold their stock until resumed on any till. */
export function registerCheckoutRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/sales', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'Complete a sale: priced on the server, tenders settled, receipt numbered, stock taken',
      body: SaleInput,
      response: { 201: SaleOutput, 200: SaleOutput },
    },
    async handler(request, reply) {
      let completed;
      try {
        completed = await completeSale(requestSaleContext(request), request.body, { kind: 'online' });
      } catch (error) {
        if (!(error instanceof SaleRefusedPaymentsReleased)) throw error;
        // Answered, not thrown: the transaction commits the card payments' cancellation with the refusal.
        reply.status(error.status).header('content-type', 'application/problem+json; charset=utf-8');
        return refusalProblem(error, '/api/v1/core-sales/sales');
      }
      reply.status(completed.replayed ? 200 : 201);
      return completed.sale;
    },
  });

  routes.get('/sales/:saleId', {
    schema: { summary: 'A sale with its lines and tenders', params: Type.Object({ saleId: Uuid }), response: { 200: SaleOutput } },
    async handler(request) {
      const sale = await readSale(request.tx, request.params.saleId);
      if (!sale) throw notFound('sales.unknown_sale', `There is no sale ${request.params.saleId}.`);
      return sale;
    },
  });

  routes.post('/parked', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'Park (suspend) a sale: its stock is held until it is resumed on any till, or the hold expires',
      body: ParkInput,
      response: { 201: SaleOutput },
    },
    async handler(request, reply) {
      const context = requestSaleContext(request);
      const place = await onlineSalePlace(context, request.body);
      if (request.body.customerId) await requireCustomer(request.tx, request.body.customerId, { online: true });
      const { priced, items } = await priceSaleInput(context, { ...request.body, tenders: [] }, place.locationId);
      const saleId = request.body.id ?? uuidv7();
      const expiresAt = new Date(Date.now() + context.settings.parkedHoldMinutes * 60_000);
      const hold = await request.services.use('inventory@1').reserve(
        request.body.lines.map((l) => ({ variantId: l.variantId, locationId: place.locationId, quantity: l.quantity })),
        expiresAt,
        { kind: 'parked-sale', id: saleId },
      );
      await insertSale(
        request.tx,
        {
          saleId,
          status: 'parked',
          origin: 'online',
          place,
          receiptNumber: null,
          cashierId: request.actor.id,
          customerId: request.body.customerId ?? null,
          currency: context.settings.currency,
          priced,
          rounding: 0,
          paid: 0,
          change: 0,
          cartDiscount: request.body.cartDiscount ?? null,
          clientTotal: null,
          reservationId: hold.id,
          occurredAt: new Date().toISOString(),
        },
        lineRows(priced, items, request.body.lines),
        [],
      );
      await request.tx.audit('sales.sale.parked', { saleId, total: priced.total });
      reply.status(201);
      return (await readSale(request.tx, saleId))!;
    },
  });

  routes.get('/parked', {
    schema: {
      summary: 'Parked sales at a location (the till’s own by default), newest first',
      querystring: Type.Object({ locationId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({ id: Uuid, total: Type.Integer(), lines: Type.Integer(), parkedAt: Type.String(), deviceId: Uuid }),
          ),
        }),
      },
    },
    async handler(request) {
      const locationId = request.query.locationId ?? request.actor.locationId ?? null;
      const rows = await request.tx.query<{ sale_id: string; total: string; lines: number; occurred_at: Date; device_id: string }>(
        `select s.sale_id, s.total, (select count(*)::int from sales.sale_lines l where l.tenant_id = s.tenant_id and l.sale_id = s.sale_id) as lines,
                s.occurred_at, s.device_id
           from sales.sales s where s.status = 'parked' and ($1::uuid is null or s.location_id = $1) order by s.occurred_at desc limit 200`,
        [locationId],
      );
      return {
        items: rows.map((r) => ({
          id: r.sale_id,
          total: Number(r.total),
          lines: r.lines,
          parkedAt: new Date(r.occurred_at).toISOString(),
          deviceId: r.device_id,
        })),
      };
    },
  });

  routes.delete('/parked/:saleId', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'Give up a parked sale; its stock is released',
      params: Type.Object({ saleId: Uuid }),
      response: { 200: SaleOutput },
    },
    async handler(request) {
      const [parked] = await request.tx.query<{ reservation_id: string | null }>(
        "update sales.sales set status = 'voided' where sale_id = $1 and status = 'parked' returning reservation_id",
        [request.params.saleId],
      );
      if (!parked) {
        // Unknown (another tenant's included) is 404, like every other read of a sale; only a sale that is there and not parked is 409.
        const [sale] = await request.tx.query('select 1 from sales.sales where sale_id = $1', [request.params.saleId]);
        if (!sale) throw notFound('sales.unknown_sale', `There is no sale ${request.params.saleId}.`);
        throw conflict('sales.not_parked', `Sale ${request.params.saleId} is not parked.`);
      }
      if (parked.reservation_id)
        await request.services
          .use('inventory@1')
          .release(parked.reservation_id)
          .catch(() => undefined);
      await request.tx.audit('sales.sale.unparked', { saleId: request.params.saleId });
      return (await readSale(request.tx, request.params.saleId))!;
    },
  });
}

/** What a till prices with: the tenant's sales settings and active promotions (any signed-in till may read them). */
export function registerTillSettingsRoute(routes: RouteRegistrar<SalesSettings>): void {
  routes.get('/till-settings', {
    schema: {
      summary: 'The pricing a till needs offline: currency, tax rules, cash rounding, active promotions; its quick keys and refund limit',
      response: {
        200: Type.Object({
          currency: Type.String(),
          pricesIncludeTax: Type.Boolean(),
          taxRounding: Type.String(),
          cashRounding: Type.Integer(),
          taxRates: Type.Record(Type.String(), Type.Array(Type.Object({ name: Type.String(), basisPoints: Type.Integer() }))),
          promotions: Type.Array(Type.Record(Type.String(), Type.Unknown())),
          quickKeys: Type.Array(Type.Object({ variantId: Type.String(), label: Type.Optional(Type.String()) })),
          /** A refund above it needs core-sales:refund.over-limit (the till asks a manager); 0: no limit. */
          refundLimit: Type.Integer(),
        }),
      },
    },
    async handler(request) {
      const context = requestSaleContext(request);
      const { currency, pricesIncludeTax, taxRounding, cashRounding, taxRates, quickKeys, refundLimit } = context.settings;
      return {
        currency,
        pricesIncludeTax,
        taxRounding,
        cashRounding,
        taxRates,
        quickKeys,
        refundLimit,
        promotions: await activePromotions(context),
      };
    },
  });
}
