import type { TillCatalog, TillPluginContext, TillVariant } from '@kits/plugin-sdk/till';

/**
 * What core-sales' till side uses of the till: its plugin context (the event log it sells into,
 * its state on the device, the catalog, the API, a manager's approval, receipts, slots, and the
 * sale screen it tells other plugins about).
 */
export type SalesTill = Pick<
  TillPluginContext,
  'session' | 'location' | 'catalog' | 'api' | 'events' | 'device' | 'approvals' | 'receipts' | 'slots' | 'plugin' | 'saleScreen'
>;

/** The variants of these ids the till has, by id. */
export async function variantsByIds(catalog: TillCatalog, ids: readonly string[]): Promise<Map<string, TillVariant>> {
  const found = await Promise.all([...new Set(ids)].map((id) => catalog.get(id)));
  return new Map(found.flatMap((variant) => (variant ? [[variant.id, variant] as const] : [])));
}
