import { badRequest, conflict, notFound, PositiveTillAmount, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import type { PaymentView } from '../../shared/payment-view.ts';
import { salesSettings, type SalesSettings } from '../settings.ts';
import { cancelPayment, paymentKey, refreshPayment } from './payment-calls.ts';
import { cardProvider, requireCardProvider } from './payment-provider.ts';
import { paymentView, publishPaymentEvent, readPayment, recordNewPayment, withProviderState } from './payment-rows.ts';
import { reconcileCardPayments } from './reconcile.ts';

const PaymentId = Type.String({ minLength: 1, maxLength: 300 });
const Card = Type.Object({ brand: Type.String(), last4: Type.String(), authorizationCode: Type.Optional(Type.String()) });
const ReaderDevice = Type.Object(
  {
    id: Type.String({ description: "The provider's id for the reader (Stripe's tmr_…)" }),
    model: Type.Optional(Type.String({ description: 'Its model as the provider names it (bbpos_wisepos_e)' })),
    version: Type.Optional(Type.String({ description: 'The software version it last reported (2.30.0.0)' })),
  },
  { description: 'The reader as the provider knows it: the till reports it to the devices service with its model and version' },
);
const Action = Type.Object({
  kind: Type.String(),
  reader: Type.Optional(Type.String()),
  readerDevice: Type.Optional(ReaderDevice),
  message: Type.String(),
});
const PaymentViewSchema = Type.Object({
  id: Type.String(),
  state: Type.String(),
  method: Type.String(),
  saleId: Type.String(),
  tenderId: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  captured: Type.Integer(),
  refunded: Type.Integer(),
  action: Type.Union([Action, Type.Null()]),
  decline: Type.Union([Type.Object({ reason: Type.String(), message: Type.String() }), Type.Null()]),
  card: Type.Union([Card, Type.Null()]),
  captureProblem: Type.Union([Type.String(), Type.Null()]),
});

export const NewPayment = Type.Object(
  {
    saleId: Uuid,
    /** The till's id of this attempt (a UUIDv7 per try); the same body again answers the same payment. */
    tenderId: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' }),
    method: Type.String({ pattern: '^[a-z][a-z0-9-]{0,39}$' }),
    amount: PositiveTillAmount,
    /** Card-not-present: what the till captured for the provider. */
    token: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    /** A reader other than the one paired with this till. */
    reader: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false },
);

/** Card payments the till takes before a sale completes: authorize, watch, cancel (contract: issue 21, steps 3–5). */
export function registerPaymentRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.get('/payments/methods', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'The tender methods the enabled payment plugin takes (none: the till offers no card button)',
      response: { 200: Type.Object({ methods: Type.Array(Type.String()) }) },
    },
    async handler(request) {
      return { methods: [...(cardProvider(request.services, request.tx)?.service.methods() ?? [])] };
    },
  });

  routes.post('/payments', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'Start a card payment of a sale: the provider authorizes it at once, or it waits for the card on the reader',
      body: NewPayment,
      response: { 201: PaymentViewSchema, 200: PaymentViewSchema },
    },
    async handler(request, reply): Promise<PaymentView> {
      const { tx, body, actor } = request;
      const provider = requireCardProvider(request.services, tx);
      if (!provider.service.methods().includes(body.method))
        throw badRequest('sales.unknown_tender', `The payment plugin does not take "${body.method}".`, { method: body.method });
      const [sale] = await tx.query<{ status: string }>('select status from sales.sales where sale_id = $1', [body.saleId]);
      if (sale)
        throw conflict('sales.sale_exists', `Sale ${body.saleId} is ${sale.status} already; a payment is taken before the sale completes.`);
      const payment = await provider.service.authorize({
        method: body.method,
        amount: body.amount,
        currency: salesSettings(request.settings).currency,
        saleId: body.saleId,
        tenderId: body.tenderId,
        ...(body.token ? { token: body.token } : {}),
        ...(body.reader ? { reader: body.reader } : {}),
        ...(actor.deviceId ? { deviceId: actor.deviceId } : {}),
        ...(actor.locationId ? { locationId: actor.locationId } : {}),
        idempotencyKey: paymentKey(tx, { sale_id: body.saleId, tender_id: body.tenderId }, 'authorize'),
      });
      const { row, created } = await recordNewPayment(tx, payment, {
        provider: provider.capability,
        deviceId: actor.deviceId,
        locationId: actor.locationId,
      });
      if (created) {
        await tx.audit('sales.payment.started', { paymentId: row.payment_id, saleId: row.sale_id, amount: body.amount, state: row.state });
        if (row.state === 'authorized') await publishPaymentEvent(tx, 'authorized', row);
      }
      reply.status(created ? 201 : 200);
      return paymentView(row);
    },
  });

  routes.get('/payments/:paymentId', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'A payment as it is now (a pending one asks the provider: the card may have been presented)',
      params: Type.Object({ paymentId: PaymentId }),
      response: { 200: PaymentViewSchema },
    },
    async handler(request): Promise<PaymentView> {
      const row = await readPayment(request.tx, request.params.paymentId);
      if (!row) throw notFound('sales.unknown_payment', `There is no payment ${request.params.paymentId}.`);
      if (row.state !== 'pending') return paymentView(row);
      // A GET reads only: the row catches up when the sale completes or the payment is canceled.
      const provider = requireCardProvider(request.services, request.tx, row.provider);
      return paymentView(withProviderState(row, await provider.service.status(row.payment_id)));
    },
  });

  routes.post('/payments/:paymentId/cancel', {
    permission: 'core-sales:checkout',
    schema: {
      summary: 'Cancel a pending or authorized payment (frees the reader; nothing is charged)',
      params: Type.Object({ paymentId: PaymentId }),
      response: { 200: PaymentViewSchema },
    },
    async handler(request): Promise<PaymentView> {
      const scope = { tx: request.tx, services: request.services };
      const found = await readPayment(request.tx, request.params.paymentId, true);
      if (!found) throw notFound('sales.unknown_payment', `There is no payment ${request.params.paymentId}.`);
      const row = await refreshPayment(scope, found);
      if (row.state === 'canceled' || row.state === 'declined') return paymentView(row);
      if (row.state !== 'pending' && row.state !== 'authorized')
        throw conflict('sales.payment_captured', `This payment is ${row.state}: the sale took it. Refund the sale instead.`, {
          state: row.state,
        });
      const [tender] = await request.tx.query(
        "select 1 from sales.tenders t join sales.sales s using (tenant_id, sale_id) where t.reference = $1 and s.status = 'completed'",
        [row.payment_id],
      );
      if (tender) throw conflict('sales.payment_in_sale', 'This payment pays a completed sale; refund the sale instead.');
      const canceled = await cancelPayment(scope, row, 'cashier');
      await request.tx.audit('sales.payment.canceled', { paymentId: row.payment_id, saleId: row.sale_id, why: 'cashier' });
      return paymentView(canceled);
    },
  });

  routes.get('/payments/capture-problems', {
    permission: 'core-sales:reports',
    schema: {
      summary:
        'Card payments to look at, newest first: captures that failed for good (the sale was made, the money not taken) and refunds made at a till the provider would not give back',
      querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })) }, { additionalProperties: false }),
      response: {
        200: Type.Object({
          items: Type.Array(
            Type.Object({
              /** `capture`: the money was not taken; `refund`: a till's refund did not reach the card. */
              kind: Type.Union([Type.Literal('capture'), Type.Literal('refund')]),
              paymentId: Type.String(),
              saleId: Type.String(),
              /** The sale refund whose card part failed (kind `refund`). */
              refundId: Type.Union([Type.String(), Type.Null()]),
              receiptNumber: Type.Union([Type.Integer(), Type.Null()]),
              /** The payment's amount (capture) or the amount that should have gone back (refund). */
              amount: Type.Integer(),
              currency: Type.String(),
              card: Type.Union([Card, Type.Null()]),
              captureProblem: Type.String(),
              failedAt: Type.String(),
            }),
          ),
        }),
      },
    },
    async handler(request) {
      const rows = await request.tx.query<{
        kind: 'capture' | 'refund';
        payment_id: string;
        sale_id: string;
        refund_id: string | null;
        receipt_number: string | null;
        amount: number;
        currency: string;
        card: PaymentView['card'];
        problem: string;
        failed_at: Date;
      }>(
        `select * from (
           select 'capture' as kind, p.payment_id, p.sale_id, null::uuid as refund_id, s.receipt_number, p.amount::int as amount,
                  p.currency, p.card, p.capture_problem as problem, p.updated_at as failed_at
             from sales.payments p left join sales.sales s on s.tenant_id = p.tenant_id and s.sale_id = p.sale_id
            where p.capture_problem is not null and p.state = 'authorized'
           union all
           select 'refund', p.payment_id, p.sale_id, r.refund_id, s.receipt_number, r.amount::int, p.currency, p.card, r.problem, r.updated_at
             from sales.payment_refunds r
             join sales.payments p on p.tenant_id = r.tenant_id and p.payment_id = r.payment_id
             left join sales.sales s on s.tenant_id = p.tenant_id and s.sale_id = p.sale_id
            where r.state = 'problem'
         ) problems order by failed_at desc limit $1`,
        [request.query.limit ?? 20],
      );
      return {
        items: rows.map((r) => ({
          kind: r.kind,
          paymentId: r.payment_id,
          saleId: r.sale_id,
          refundId: r.refund_id,
          receiptNumber: r.receipt_number === null ? null : Number(r.receipt_number),
          amount: Number(r.amount),
          currency: r.currency.trim(),
          card: r.card,
          captureProblem: r.problem,
          failedAt: new Date(r.failed_at).toISOString(),
        })),
      };
    },
  });

  routes.post('/payments/reconcile', {
    permission: 'core-sales:payments.reconcile',
    schema: {
      summary: 'Run the card payments reconciliation now (it runs every minute): capture what completed sales left, cancel abandoned holds',
      response: { 200: Type.Object({ captureRequested: Type.Integer(), canceled: Type.Integer() }) },
    },
    async handler(request) {
      return reconcileCardPayments({ tx: request.tx, services: request.services }, salesSettings(request.settings), new Date());
    },
  });
}
