import type { ServiceLocator, TenantLocation, TenantTransaction } from '@kits/plugin-sdk';
import type { SalesGrouping } from '../../shared/report-types.ts';

/** What labelling needs: the transaction (the directory), inventory@1, and where the report is. */
export interface LabelContext {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly currency: string;
  /** The locations the report covers (their names label location rows without another lookup). */
  readonly locations: readonly TenantLocation[];
}

/** What a category row with no category is called. */
export const NO_CATEGORY = 'No category';

/** A variant as a person names it: its product's name and its SKU (two variants of a product share the name). */
export const variantLabel = (variant: { name: string; sku: string }): string => `${variant.name} (${variant.sku})`;

/** Names of variants, from inventory@1 (variants it no longer knows are left out). */
export async function variantNames(
  context: LabelContext,
  variantIds: readonly string[],
): Promise<Map<string, { name: string; sku: string }>> {
  if (variantIds.length === 0) return new Map();
  const sellable = await context.services
    .use('inventory@1')
    .sellable(variantIds, { currency: context.currency, locationId: context.locations[0]!.id });
  return new Map(sellable.map((variant) => [variant.variantId, { name: variant.name, sku: variant.sku }]));
}

/**
 * The labels of a grouping's keys: location, till and cashier names from the tenant's directory
 * (a cashier's display name), category and product names from inventory@1, a tender's method as it
 * is. A key nobody knows any more (a deleted till, a sale without a cashier) has no label.
 */
export async function groupLabels(
  group: SalesGrouping,
  keys: readonly (string | null)[],
  context: LabelContext,
): Promise<Map<string | null, string>> {
  const ids = [...new Set(keys.filter((key): key is string => key !== null))];
  switch (group) {
    case 'none':
      return new Map();
    case 'cashier':
      return new Map((await context.tx.directory.people(ids)).map((person) => [person.id, person.displayName]));
    case 'location': {
      const known = new Map(context.locations.map((location) => [location.id, location.name]));
      const missing = ids.filter((id) => !known.has(id));
      for (const location of await context.tx.directory.locations(missing)) known.set(location.id, location.name);
      return known;
    }
    case 'till':
      return new Map((await context.tx.directory.devices(ids)).map((device) => [device.id, device.name]));
    case 'category': {
      const categories = ids.length === 0 ? [] : await context.services.use('inventory@1').categories(ids);
      return new Map<string | null, string>([
        [null, NO_CATEGORY],
        ...categories.map((category): [string, string] => [category.id, category.name]),
      ]);
    }
    case 'product':
      return new Map([...(await variantNames(context, ids))].map(([id, variant]) => [id, variantLabel(variant)]));
    case 'tender':
      return new Map(ids.map((method) => [method, method]));
  }
}
