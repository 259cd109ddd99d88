import type { OfficePluginContext, OfficeSearchProvider } from '@kits/plugin-sdk/office';
import { formatMoney } from '@kits/plugin-sdk/money';
import { SALES_API, type Customer, type PageOf, type SaleSummary } from './sales-api.ts';

/** The office's search box finds a sale by the number on its receipt (at every till: each numbers its own). */
export function saleSearch(context: OfficePluginContext): OfficeSearchProvider {
  return {
    title: 'Sales',
    async find(text, limit, signal) {
      const number = text.trim().replace(/^#/, '');
      if (!/^\d{1,15}$/.test(number)) return [];
      const page = await context.api.get<PageOf<SaleSummary>>(`${SALES_API}/sales`, { query: { receiptNumber: number, limit }, signal });
      return page.items.map((sale) => ({
        title: `Receipt ${sale.receiptNumber}`,
        detail: `${new Date(sale.occurredAt).toLocaleString(context.session.locale)} · ${formatMoney(sale.total, sale.currency, context.session.locale)}`,
        path: `/${context.plugin.id}/sales/${sale.id}`,
      }));
    },
  };
}

/** Customers by name, e-mail or phone. */
export function customerSearch(context: OfficePluginContext): OfficeSearchProvider {
  return {
    title: 'Customers',
    async find(text, limit, signal) {
      const q = text.trim();
      if (!q) return [];
      const page = await context.api.get<PageOf<Customer>>(`${SALES_API}/customers`, { query: { q: q.slice(0, 100), limit }, signal });
      return page.items.map((customer) => ({
        title: customer.name,
        ...(customer.email || customer.phone ? { detail: [customer.email, customer.phone].filter(Boolean).join(' · ') } : {}),
        path: `/${context.plugin.id}/customers/${customer.id}`,
      }));
    },
  };
}
