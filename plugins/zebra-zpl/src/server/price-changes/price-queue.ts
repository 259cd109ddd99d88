import type { CatalogService, TenantTransaction } from '@kits/plugin-sdk';
import { TENANT_WIDE, variantTitle } from '../labels/variant-price.ts';

/** A shelf whose label shows another price than the variant's now. */
export interface StaleShelf {
  readonly variantId: string;
  /** The location with its own price; null: every shop that uses the tenant-wide price. */
  readonly locationId: string | null;
  readonly productName: string;
  readonly sku: string;
  readonly price: { readonly amount: number; readonly currency: string };
  /** What the printed label shows (null: not known). */
  readonly labelledPrice: { readonly amount: number; readonly currency: string } | null;
  readonly staleSince: string;
}

interface StaleRow {
  variant_id: string;
  location_key: string;
  currency: string;
  amount: string;
  labelled_amount: string | null;
  stale_since: Date | string;
}

/**
 * The stale shelves, oldest first: all of them, or those of one location (its own prices and the
 * tenant-wide ones its shelves show). Names and SKUs come through `catalog@1`.
 */
export async function staleShelves(
  tx: TenantTransaction,
  catalog: CatalogService,
  options: { locationId?: string; limit: number },
): Promise<StaleShelf[]> {
  const rows = await tx.query<StaleRow>(
    `select variant_id, location_key, currency, amount::text as amount, labelled_amount::text as labelled_amount, stale_since
       from zebra.shelf_prices
      where stale_since is not null
        and ($1::uuid is null or location_key = $1 or (location_key = $2
             and not exists (select 1 from zebra.shelf_prices own where own.variant_id = shelf_prices.variant_id and own.location_key = $1)))
      order by stale_since, variant_id, location_key
      limit $3`,
    [options.locationId ?? null, TENANT_WIDE, options.limit],
  );
  if (rows.length === 0) return [];
  const variants = new Map((await catalog.variantsById([...new Set(rows.map((row) => row.variant_id))])).map((v) => [v.variantId, v]));
  return rows.flatMap((row) => {
    const variant = variants.get(row.variant_id);
    if (!variant) return [];
    return [
      {
        variantId: row.variant_id,
        locationId: row.location_key === TENANT_WIDE ? null : row.location_key,
        productName: variantTitle(variant),
        sku: variant.sku,
        price: { amount: Number(row.amount), currency: row.currency },
        labelledPrice: row.labelled_amount === null ? null : { amount: Number(row.labelled_amount), currency: row.currency },
        staleSince: new Date(row.stale_since).toISOString(),
      },
    ];
  });
}

/** A shelf label a person confirmed printed, with the price it carries. */
export interface PrintedShelf {
  readonly variantId: string;
  readonly locationId: string | null;
  readonly amount: number;
}

/**
 * Marks shelves printed: the label now shows `amount`. A shelf whose price moved again since the
 * label was made stays stale (it is answered in `stillStale`); one that is not in the queue is
 * left alone and answered in `notQueued`.
 */
export async function markShelvesPrinted(
  tx: TenantTransaction,
  shelves: readonly PrintedShelf[],
): Promise<{ printed: PrintedShelf[]; stillStale: PrintedShelf[]; notQueued: PrintedShelf[] }> {
  const printed: PrintedShelf[] = [];
  const stillStale: PrintedShelf[] = [];
  const notQueued: PrintedShelf[] = [];
  for (const shelf of shelves) {
    const key = shelf.locationId ?? TENANT_WIDE;
    const [row] = await tx.query<{ amount: string; stale: boolean }>(
      'select amount::text as amount, stale_since is not null as stale from zebra.shelf_prices where variant_id = $1 and location_key = $2 for update',
      [shelf.variantId, key],
    );
    if (!row?.stale) notQueued.push(shelf);
    else if (Number(row.amount) !== shelf.amount) {
      await tx.query('update zebra.shelf_prices set labelled_amount = $3 where variant_id = $1 and location_key = $2', [
        shelf.variantId,
        key,
        shelf.amount,
      ]);
      stillStale.push(shelf);
    } else {
      await tx.query(
        'update zebra.shelf_prices set labelled_amount = amount, stale_since = null, printed_at = now() where variant_id = $1 and location_key = $2',
        [shelf.variantId, key],
      );
      printed.push(shelf);
    }
  }
  if (printed.length > 0 || stillStale.length > 0) await tx.audit('zebra.shelf_labels.printed', { printed, stillStale });
  return { printed, stillStale, notQueued };
}
