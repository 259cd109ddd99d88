import { Timestamp, Type, Uuid, type RouteRegistrar } from '@kits/plugin-sdk';
import { LabelStock, Resolution } from '../schemas.ts';
import type { LabelSettings } from '../settings.ts';
import { listPrinterFacts, setPrinterFacts } from './printer-store.ts';

const Facts = Type.Object({ deviceId: Uuid, dpi: Resolution, stock: LabelStock, updatedAt: Timestamp });

/** The plugin's own facts about label printers (the printers themselves: the kernel's devices, kind label-printer). */
export function registerPrinterRoutes(routes: RouteRegistrar<LabelSettings>): void {
  routes.get('/printers', {
    schema: {
      summary: "Each label printer's resolution and loaded label stock",
      response: { 200: Type.Object({ items: Type.Array(Facts) }) },
    },
    handler: async (request) => ({ items: await listPrinterFacts(request.tx) }),
  });

  routes.put('/printers/:deviceId', {
    permission: 'zebra-zpl:printers.write',
    schema: {
      summary: "Set a label printer's resolution and the label stock loaded in it",
      params: Type.Object({ deviceId: Uuid }),
      body: Type.Object({ dpi: Resolution, stock: LabelStock }, { additionalProperties: false }),
      response: { 200: Facts },
    },
    handler: async (request) => setPrinterFacts(request.tx, request.params.deviceId, request.body),
  });
}
