import { definePlugin } from '@kits/plugin-sdk';
import { onOrder, overdueOrders, readOrder } from './orders/order-reads.ts';
import { registerOrderRoutes } from './orders/routes.ts';
import { registerReceivingRoutes } from './receiving/routes.ts';
import { registerReorderRoutes } from './reorder/routes.ts';
import { draftReorders } from './reorder/suggestions.ts';
import type { PurchasingSettings } from './settings.ts';
import { registerSupplierRoutes } from './suppliers/routes.ts';

/** The job looks this often whether a tenant's reorder drafts are due (`autoReorderEveryMinutes`). */
const REORDER_TICK_MS = 15_000;

/** purchasing: suppliers, purchase orders, receiving at cost, supplier returns, reorder suggestions; provides purchasing@1. */
export default definePlugin<PurchasingSettings>({
  register({ routes, services, jobs }) {
    registerSupplierRoutes(routes);
    registerOrderRoutes(routes);
    registerReceivingRoutes(routes);
    registerReorderRoutes(routes);

    services.provide('purchasing@1', ({ tx, services: locator }) => ({
      async purchaseOrder(id) {
        const [exists] = await tx.query('select 1 from purchasing.purchase_orders where po_id = $1', [id]);
        return exists ? readOrder(tx, locator, id) : undefined;
      },
      onOrder: (variantIds, locationId) => onOrder(tx, variantIds, locationId),
      overdue: (today) => overdueOrders(tx, today),
    }));

    // Drafts from reorder suggestions, per tenant that asked for them, for a person to review and send.
    jobs.every('draft-reorders', REORDER_TICK_MS, async ({ tx, services: locator, settings, now }) => {
      if (!settings.autoReorderEveryMinutes) return;
      const due = await tx.query(
        `insert into purchasing.reorder_runs (tenant_id, last_run_at) values ($1, $2)
         on conflict (tenant_id) do update set last_run_at = excluded.last_run_at
           where reorder_runs.last_run_at <= $2::timestamptz - make_interval(mins => $3)
         returning 1`,
        [tx.tenantId, now.toISOString(), settings.autoReorderEveryMinutes],
      );
      if (due.length === 0) return;
      await draftReorders(tx, locator, settings, { now });
    });
  },
});
