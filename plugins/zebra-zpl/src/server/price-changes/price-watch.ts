import type { CatalogService, TenantTransaction } from '@kits/plugin-sdk';
import { TENANT_WIDE } from '../labels/variant-price.ts';

/** What `inventory.product.changed` carries that the queue needs (core-inventory's payload). */
export interface ProductChanged {
  readonly productId: string;
  readonly change: 'created' | 'updated' | string;
  readonly variantIds?: readonly string[];
  readonly fields?: readonly string[];
}

interface ShelfRow {
  variant_id: string;
  location_key: string;
  labelled_amount: string | null;
}

/**
 * Brings the shelf prices of the changed variants up to date. Each variant has a row for the
 * tenant-wide price and one per location with its own price (a location whose own price was
 * removed falls back to the tenant-wide one). A location that just got its own price shows what
 * the tenant-wide label showed; a variant seen for the first time takes its price as what the
 * shelf shows — unless the event says the price just changed, when the shelf is stale (what it
 * shows is unknown). A later move away from the printed price makes the label stale; a
 * move back to it makes it right again. See docs/decisions.md, D-193.
 */
export async function watchShelfPrices(
  tx: TenantTransaction,
  catalog: CatalogService,
  event: ProductChanged,
  occurredAt: string,
): Promise<void> {
  const variantIds = event.variantIds ?? [];
  if (variantIds.length === 0) return;
  const { currency } = await tx.directory.tenant();
  const variants = await catalog.variantsById(variantIds);
  const priceMoved = event.fields?.includes('price') ?? false;
  const known = await tx.query<ShelfRow>(
    'select variant_id, location_key, labelled_amount::text as labelled_amount from zebra.shelf_prices where variant_id = any($1::uuid[])',
    [variantIds],
  );
  for (const variant of variants) {
    const prices = variant.prices.filter((price) => price.currency === currency);
    const tenantWide = prices.find((price) => price.locationId === null);
    const now = new Map<string, number>();
    if (tenantWide) now.set(TENANT_WIDE, tenantWide.amount);
    for (const price of prices) if (price.locationId !== null) now.set(price.locationId, price.amount);
    const rows = known.filter((row) => row.variant_id === variant.variantId);
    for (const row of rows) if (!now.has(row.location_key) && tenantWide) now.set(row.location_key, tenantWide.amount);
    const tenantWideRow = rows.find((row) => row.location_key === TENANT_WIDE);
    for (const [locationKey, amount] of now) {
      const labelled: Labelled =
        locationKey !== TENANT_WIDE && tenantWideRow
          ? { amount: tenantWideRow.labelled_amount === null ? null : Number(tenantWideRow.labelled_amount) }
          : priceMoved
            ? { amount: null }
            : { amount };
      await recordShelfPrice(tx, variant.variantId, locationKey, currency, amount, labelled, occurredAt);
    }
  }
}

/** What a shelf shows when its row is new (an existing row keeps what it had). */
interface Labelled {
  readonly amount: number | null;
}

async function recordShelfPrice(
  tx: TenantTransaction,
  variantId: string,
  locationKey: string,
  currency: string,
  amount: number,
  labelled: Labelled,
  occurredAt: string,
): Promise<void> {
  await tx.query(
    `insert into zebra.shelf_prices as s (tenant_id, variant_id, location_key, currency, amount, labelled_amount, stale_since)
     values ($1, $2, $3, $4, $5, $6, case when $6::bigint is distinct from $5::bigint then $7::timestamptz end)
     on conflict (tenant_id, variant_id, location_key) do update
       set amount = excluded.amount,
           currency = excluded.currency,
           stale_since = case when s.labelled_amount is not distinct from excluded.amount then null
                              else coalesce(s.stale_since, $7::timestamptz) end`,
    [tx.tenantId, variantId, locationKey, currency, amount, labelled.amount, occurredAt],
  );
}
