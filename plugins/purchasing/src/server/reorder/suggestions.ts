import type { ServiceLocator, TenantTransaction } from '@kits/plugin-sdk';
import { suggestReorder, type ReorderSuggestion } from '../../shared/reorder.ts';
import { onOrder } from '../orders/order-reads.ts';
import { createOrder } from '../orders/order-store.ts';
import type { PurchasingSettings } from '../settings.ts';
import { forecastCapability, forecastNeeds, needKey, type ForecastNeed } from './forecast-demand.ts';

export interface Suggestion extends ReorderSuggestion {
  readonly variantId: string;
  readonly sku: string;
  readonly name: string;
  readonly locationId: string;
  readonly available: number;
  readonly onOrder: number;
  readonly reorderPoint: number | null;
  readonly reorderMax: number | null;
  /** Units sold at the location over the velocity window. */
  readonly sold: number;
  /** The forecast's method (forecast@1) when the suggestion is based on a forecast, else null. */
  readonly forecastMethod: string | null;
  /** The supplier to order from (preferred, else cheapest, else shortest lead time); null when no supplier sells it. */
  readonly supplierId: string | null;
  readonly supplierName: string | null;
  readonly packSize: number;
  readonly unitCost: { readonly amount: number; readonly currency: string } | null;
}

interface SupplierOption {
  supplier_id: string;
  name: string;
  lead_time_days: number;
  variant_id: string;
  pack_size: number;
  unit_cost_minor: string;
  currency: string;
  preferred: boolean;
}

/**
 * What to reorder, per variant and location: from the reorder points and maxima inventory@1 holds,
 * or — for variants with sales but no reorder point — from the demand forecast@1 expects over the
 * supplier's lead time and the cover days when a plugin provides it (reports) and has enough
 * history, else from sales velocity over the tenant's window. Stock on open orders (drafts too)
 * counts as coming, so suggestions already drafted are not suggested again.
 */
export async function reorderSuggestions(
  tx: TenantTransaction,
  services: ServiceLocator,
  settings: PurchasingSettings,
  options: { locationId?: string; now?: Date } = {},
): Promise<Suggestion[]> {
  const inventory = services.use('inventory@1');
  const now = options.now ?? new Date();
  const since = new Date(now.getTime() - settings.velocityWindowDays * 86_400_000);
  const [levels, sold] = await Promise.all([
    inventory.reorderLevels(options.locationId),
    inventory.soldQuantities({ since, until: now, locationId: options.locationId }),
  ]);
  const key = (variantId: string, locationId: string) => `${variantId}@${locationId}`;
  const soldBy = new Map(sold.map((s) => [key(s.variantId, s.locationId), s.quantity]));
  const levelBy = new Map(levels.map((l) => [key(l.variantId, l.locationId), l]));
  const candidates = new Map<string, { variantId: string; locationId: string }>();
  for (const l of levels) if (l.reorderPoint !== null) candidates.set(key(l.variantId, l.locationId), l);
  for (const s of sold) candidates.set(key(s.variantId, s.locationId), s);
  if (candidates.size === 0) return [];

  const variantIds = [...new Set([...candidates.values()].map((c) => c.variantId))];
  const options_ = await tx.query<SupplierOption>(
    `select s.supplier_id, s.name, s.lead_time_days, i.variant_id, i.pack_size, i.unit_cost_minor, i.currency, i.preferred
       from purchasing.supplier_items i join purchasing.suppliers s on s.tenant_id = i.tenant_id and s.supplier_id = i.supplier_id
      where s.status = 'active' and i.variant_id = any($1::uuid[])
      order by i.variant_id, i.preferred desc, i.unit_cost_minor, s.lead_time_days, s.name`,
    [variantIds],
  );
  const coming = new Map((await onOrder(tx, variantIds, options.locationId)).map((o) => [key(o.variantId, o.locationId), o.quantity]));
  // Velocity-only candidates need stock levels too (they have no reorder settings).
  const missingLevels = [...candidates.values()].filter((c) => !levelBy.has(key(c.variantId, c.locationId)));
  if (missingLevels.length > 0)
    for (const level of await inventory.levels([...new Set(missingLevels.map((c) => c.variantId))], options.locationId))
      if (!levelBy.has(key(level.variantId, level.locationId))) levelBy.set(key(level.variantId, level.locationId), level);

  const supplierOf = (variantId: string) => options_.find((o) => o.variant_id === variantId);
  const forecast = forecastCapability(services);
  const forecasts = forecast
    ? await forecastNeeds(
        forecast,
        [...candidates.values()]
          .filter((c) => (levelBy.get(key(c.variantId, c.locationId))?.reorderPoint ?? null) === null)
          .map((c) => ({ variantId: c.variantId, locationId: c.locationId, leadTimeDays: supplierOf(c.variantId)?.lead_time_days ?? 0 })),
        settings.coverDays,
      )
    : new Map<string, ForecastNeed>();

  const suggestions: Array<Omit<Suggestion, 'sku' | 'name'>> = [];
  for (const candidate of candidates.values()) {
    const k = key(candidate.variantId, candidate.locationId);
    const level = levelBy.get(k);
    const supplier = supplierOf(candidate.variantId);
    const demand = forecasts.get(needKey(candidate));
    const suggestion = suggestReorder({
      available: level?.available ?? 0,
      onOrder: coming.get(k) ?? 0,
      reorderPoint: level?.reorderPoint ?? null,
      reorderMax: level?.reorderMax ?? null,
      sold: soldBy.get(k) ?? 0,
      windowDays: settings.velocityWindowDays,
      leadTimeDays: supplier?.lead_time_days ?? 0,
      coverDays: settings.coverDays,
      packSize: supplier?.pack_size ?? 1,
      forecast: demand ?? null,
    });
    if (!suggestion) continue;
    suggestions.push({
      ...suggestion,
      variantId: candidate.variantId,
      locationId: candidate.locationId,
      available: level?.available ?? 0,
      onOrder: coming.get(k) ?? 0,
      reorderPoint: level?.reorderPoint ?? null,
      reorderMax: level?.reorderMax ?? null,
      sold: soldBy.get(k) ?? 0,
      forecastMethod: suggestion.basis === 'forecast' ? (demand?.method ?? null) : null,
      supplierId: supplier?.supplier_id ?? null,
      supplierName: supplier?.name ?? null,
      packSize: supplier?.pack_size ?? 1,
      unitCost: supplier ? { amount: Number(supplier.unit_cost_minor), currency: supplier.currency } : null,
    });
  }
  if (suggestions.length === 0) return [];
  const variants = await inventory.sellable(
    suggestions.map((s) => s.variantId),
    { currency: 'XXX', locationId: suggestions[0]!.locationId },
  );
  return suggestions
    .map((s) => {
      const variant = variants.find((v) => v.variantId === s.variantId);
      return { ...s, sku: variant?.sku ?? '', name: variant?.name ?? '' };
    })
    .sort((a, b) => (a.supplierName ?? '\uffff').localeCompare(b.supplierName ?? '\uffff') || a.name.localeCompare(b.name));
}

/**
 * Turns suggestions into draft purchase orders, one per supplier and location, for a person to
 * review and send. Suggestions without a supplier stay suggestions. Returns the drafts' ids.
 */
export async function draftReorders(
  tx: TenantTransaction,
  services: ServiceLocator,
  settings: PurchasingSettings,
  options: { locationId?: string; now?: Date } = {},
): Promise<string[]> {
  const suggestions = (await reorderSuggestions(tx, services, settings, options)).filter((s) => s.supplierId !== null);
  const groups = new Map<string, Suggestion[]>();
  for (const s of suggestions) {
    const k = `${s.supplierId}@${s.locationId}`;
    groups.set(k, [...(groups.get(k) ?? []), s]);
  }
  const drafted: string[] = [];
  for (const group of groups.values()) {
    const first = group[0]!;
    drafted.push(
      await createOrder(
        tx,
        services,
        {
          supplierId: first.supplierId!,
          locationId: first.locationId,
          notes: 'Drafted from reorder suggestions: review the quantities, then send.',
          lines: group.map((s) => ({ variantId: s.variantId, packs: s.packs })),
        },
        'reorder',
      ),
    );
  }
  for (const id of drafted) await tx.publish({ type: 'purchasing.po.drafted', payload: { purchaseOrderId: id, origin: 'reorder' } });
  return drafted;
}
