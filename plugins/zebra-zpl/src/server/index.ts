import { definePlugin } from '@kits/plugin-sdk';
import { registerLabelRoutes } from './labels/routes.ts';
import { watchShelfPrices, type ProductChanged } from './price-changes/price-watch.ts';
import { registerPriceChangeRoutes } from './price-changes/routes.ts';
import { registerPrinterRoutes } from './printers/routes.ts';
import type { LabelSettings } from './settings.ts';
import { registerTemplateRoutes } from './templates/routes.ts';
import { addStarterTemplates } from './templates/template-store.ts';

/** zebra-zpl: label templates, label printers' facts, labels as ZPL, and the queue of shelves whose price moved. */
export default definePlugin<LabelSettings>({
  register({ routes, events }) {
    registerTemplateRoutes(routes);
    registerPrinterRoutes(routes);
    registerLabelRoutes(routes);
    registerPriceChangeRoutes(routes);
    events.subscribe<ProductChanged>('inventory.product.changed', (event, { tx, services }) =>
      watchShelfPrices(tx, services.use('catalog@1'), event.payload, event.occurredAt),
    );
  },
  async onEnable({ tx }) {
    await addStarterTemplates(tx);
  },
});
