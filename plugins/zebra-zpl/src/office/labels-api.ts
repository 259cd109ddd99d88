import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import type { LabelStockId, PrintResolution } from '../shared/label-stock.ts';
import type { LabelTemplate } from '../shared/label-template.ts';
import type { PrintableLabel, RefusedLabel } from '../shared/printable-label.ts';

/** zebra-zpl's routes, and the kernel's devices service that keeps the printers themselves. */
export const API = '/api/v1/zebra-zpl';
export const DEVICES = '/api/v1/tenants/current/devices';

export const TEMPLATES_WRITE = 'zebra-zpl:templates.write';
export const PRINTERS_WRITE = 'zebra-zpl:printers.write';
export const PRINT = 'zebra-zpl:print';

export interface StoredTemplate extends LabelTemplate {
  readonly id: string;
  readonly updatedAt: string;
}

/** A label printer: the kernel's device (kind label-printer) with zebra-zpl's facts about it. */
export interface LabelPrinter {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
  readonly model: string | null;
  readonly address: string | null;
  readonly status: { readonly state: 'ok' | 'error' | 'unknown'; readonly message: string | null; readonly reportedAt: string | null };
  readonly dpi: PrintResolution | null;
  readonly stock: LabelStockId | null;
}

interface Device {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
  readonly model: string | null;
  readonly address: string | null;
  readonly revokedAt: string | null;
  readonly status: LabelPrinter['status'];
}

/** The tenant's label printers (revoked ones left out), with their resolution and loaded stock. */
export async function labelPrinters(context: OfficePluginContext, signal?: AbortSignal): Promise<LabelPrinter[]> {
  const [devices, facts] = await Promise.all([
    context.api.get<{ items: Device[] }>(DEVICES, { query: { kind: 'label-printer' }, ...(signal ? { signal } : {}) }),
    context.api.get<{ items: Array<{ deviceId: string; dpi: PrintResolution; stock: LabelStockId }> }>(
      `${API}/printers`,
      signal ? { signal } : {},
    ),
  ]);
  const byDevice = new Map(facts.items.map((f) => [f.deviceId, f]));
  return devices.items
    .filter((d) => d.revokedAt === null)
    .map((d) => ({
      id: d.id,
      name: d.name,
      locationId: d.locationId,
      model: d.model,
      address: d.address,
      status: d.status,
      dpi: byDevice.get(d.id)?.dpi ?? null,
      stock: byDevice.get(d.id)?.stock ?? null,
    }));
}

export type { PrintableLabel as Label, RefusedLabel } from '../shared/printable-label.ts';

/** The labels of a batch as the server makes them (ZPL per variant, ^PQ copies), and the refused ones. */
export const makeLabels = (
  context: OfficePluginContext,
  body: {
    templateId: string;
    locationId?: string;
    items: ReadonlyArray<{ variantId: string; quantity: number; locationId?: string | null }>;
  },
) => context.api.post<{ labels: PrintableLabel[]; refused: RefusedLabel[] }>(`${API}/labels`, body);
