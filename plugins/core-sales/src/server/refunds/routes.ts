import { Type, type RouteRegistrar } from '@kits/plugin-sdk';
import { completeSale } from '../checkout/complete-sale.ts';
import { priceSaleInput } from '../checkout/price-sale.ts';
import { SaleInput, SaleOutput, TenderInput } from '../checkout/sale-input.ts';
import { onlineSalePlace } from '../checkout/sale-place.ts';
import { requestSaleContext } from '../checkout/routes.ts';
import type { SalesSettings } from '../settings.ts';
import { EXCHANGE_TENDER, RefundInput, RefundOutput } from './refund-input.ts';
import { requireKernelApprovals } from './refund-limit.ts';
import { refundSale } from './refund-sale.ts';

/**
 * Refunds and returns: against a receipt (partial, per line) or without one (with permission); above
 * the shop's refund limit with core-sales:refund.over-limit (a manager's approval: `Kits-Approval`).
 */
export function registerRefundRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/refunds', {
    permission: 'core-sales:refund',
    schema: {
      summary: 'Refund lines of a sale (or a return without a receipt), restocked or written off',
      body: RefundInput,
      response: { 201: RefundOutput },
    },
    async handler(request, reply) {
      requireKernelApprovals(request.body.approvals, request.headers);
      const refund = await refundSale(requestSaleContext(request), request.body, { offline: false });
      reply.status(201);
      return refund;
    },
  });
}

const ExchangeSale = Type.Object(
  { ...SaleInput.properties, tenders: Type.Array(TenderInput, { maxItems: 10 }) },
  { additionalProperties: false },
);

/** Exchanges: a return and a new sale in one transaction; the return's value pays for the new sale first. */
export function registerExchangeRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/exchanges', {
    permission: 'core-sales:refund',
    schema: {
      summary: 'Exchange: return lines and sell others at once; the return is credit towards the sale, any rest goes back',
      body: Type.Object({ returned: RefundInput, sale: ExchangeSale }, { additionalProperties: false }),
      response: { 201: Type.Object({ refund: RefundOutput, sale: SaleOutput }) },
    },
    async handler(request, reply) {
      requireKernelApprovals(request.body.returned.approvals, request.headers);
      const context = requestSaleContext(request);
      const place = await onlineSalePlace(context, request.body.sale);
      const { priced } = await priceSaleInput(context, { ...request.body.sale, tenders: [] }, place.locationId);
      const refund = await refundSale(context, request.body.returned, { offline: false, creditUpTo: priced.total });
      const credit = refund.tenders.filter((t) => t.method === EXCHANGE_TENDER).reduce((n, t) => n + t.amount, 0);
      const sale = await completeSale(
        context,
        {
          ...request.body.sale,
          tenders: [...(credit > 0 ? [{ method: EXCHANGE_TENDER, amount: credit }] : []), ...request.body.sale.tenders],
        },
        { kind: 'online', exchangeCredit: credit },
      );
      reply.status(201);
      return { refund, sale: sale.sale };
    },
  });
}
