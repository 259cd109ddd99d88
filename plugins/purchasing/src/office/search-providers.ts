import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { ORDER_STATUS } from './order-status.ts';
import { API, type OrderSummary, type Page, type SupplierSummary } from './purchasing-api.ts';

/** The office's search box finds suppliers (name, email, phone) and purchase orders (number, supplier). */
export function providePurchasingSearch(context: OfficePluginContext): void {
  const prefix = `/${context.plugin.id}`;
  context.search.provide({
    title: 'Suppliers',
    async find(text, limit, signal) {
      const page = await context.api.get<Page<SupplierSummary>>(`${API}/suppliers`, { query: { q: text, archived: true, limit }, signal });
      return page.items.map((s) => ({
        title: s.name,
        detail: [s.status === 'archived' ? 'Archived' : undefined, s.email, s.phone].filter(Boolean).join(' · ') || s.currency,
        path: `${prefix}/suppliers/${s.id}`,
      }));
    },
  });
  context.search.provide({
    title: 'Purchase orders',
    async find(text, limit, signal) {
      // The API allows 40 characters of search text; longer text is no order number.
      if (text.trim().length > 40) return [];
      const page = await context.api.get<Page<OrderSummary>>(`${API}/purchase-orders`, { query: { q: text.trim(), limit }, signal });
      return page.items.map((o) => ({
        title: `${o.number} · ${o.supplierName}`,
        detail: ORDER_STATUS[o.status].label,
        path: `${prefix}/purchase-orders/${o.id}`,
      }));
    },
  });
}
