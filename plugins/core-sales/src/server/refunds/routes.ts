import type { RouteRegistrar } from '@kits/plugin-sdk';
import { requestSaleContext } from '../checkout/routes.ts';
import type { SalesSettings } from '../settings.ts';
import { RefundInput, RefundOutput } from './refund-input.ts';
import { refundSale } from './refund-sale.ts';

/** Refunds and returns: against a receipt (partial, per line) or without one (with permission). */
export function registerRefundRoutes(routes: RouteRegistrar<SalesSettings>): void {
  routes.post('/refunds', {
    permission: 'core-sales:refund',
    schema: {
      summary: 'Refund lines of a sale (or a return without a receipt), restocked or written off',
      body: RefundInput,
      response: { 201: RefundOutput },
    },
    async handler(request, reply) {
      const refund = await refundSale(requestSaleContext(request), request.body, false);
      reply.status(201);
      return refund;
    },
  });
}
