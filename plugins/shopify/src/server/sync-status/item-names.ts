import type { CatalogService, TenantTransaction } from '@kits/plugin-sdk';
import { parseStockTarget } from '../stock/stock-targets.ts';

/** "Ceramic Mug — Black / Large": a KiTS variant as the office names it. */
const variantName = (variant: { productName: string; options: Readonly<Record<string, string>> }): string => {
  const options = Object.values(variant.options).filter(Boolean).join(' / ');
  return options ? `${variant.productName} — ${options}` : variant.productName;
};

/**
 * What the office shows beside ids it cannot name itself: the item of each stock failure
 * (`variant:…@location:…`) and catalog failure (`product:…`), and of each repaired level, with its SKU.
 */
export async function nameItems<
  Failure extends { area: string; target: string },
  Repair extends { variantId: string },
  Run extends { repaired: readonly Repair[] },
>(
  tx: TenantTransaction,
  catalog: CatalogService,
  failures: readonly Failure[],
  runs: readonly (Run | null)[],
): Promise<{
  failures: (Failure & { itemName: string | null })[];
  runs: ((Run & { repaired: (Repair & { itemName: string | null; sku: string | null })[] }) | null)[];
}> {
  const variantIds = new Set<string>();
  const productIds = new Set<string>();
  for (const failure of failures) {
    const level = failure.area === 'stock' ? parseStockTarget(failure.target) : undefined;
    if (level) variantIds.add(level.variantId);
    const product = failure.area === 'catalog' ? /^product:([0-9a-f-]{36})$/.exec(failure.target)?.[1] : undefined;
    if (product) productIds.add(product);
  }
  for (const run of runs) for (const repair of run?.repaired ?? []) variantIds.add(repair.variantId);
  const variants = new Map((variantIds.size > 0 ? await catalog.variantsById([...variantIds]) : []).map((v) => [v.variantId, v]));
  const products = new Map(
    productIds.size > 0
      ? (
          await tx.query<{ product_id: string; name: string }>(
            'select product_id, name from shopify.products where product_id = any($1::uuid[])',
            [[...productIds]],
          )
        ).map((row) => [row.product_id, row.name])
      : [],
  );
  const failureItem = (failure: Failure): string | null => {
    const level = failure.area === 'stock' ? parseStockTarget(failure.target) : undefined;
    const variant = level ? variants.get(level.variantId) : undefined;
    if (variant) return variantName(variant);
    const product = failure.area === 'catalog' ? /^product:([0-9a-f-]{36})$/.exec(failure.target)?.[1] : undefined;
    return (product && products.get(product)) || null;
  };
  return {
    failures: failures.map((failure) => ({ ...failure, itemName: failureItem(failure) })),
    runs: runs.map((run) =>
      run
        ? {
            ...run,
            repaired: run.repaired.map((repair) => {
              const variant = variants.get(repair.variantId);
              return { ...repair, itemName: variant ? variantName(variant) : null, sku: variant?.sku || null };
            }),
          }
        : null,
    ),
  };
}
