import type { EventContext } from '@kits/plugin-sdk';
import { openAdminApi, ShopifyThrottledError, shopifySays } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { recordFailure, resolveFailures } from '../sync-status/failures.ts';
import { applyShopifyChanges } from './shopify-to-kits.ts';
import { readStoreVariantsPage, saveStoreVariants } from './store-variants.ts';

/** How often the store is asked for variants changed since the last pull (webhooks bring most changes sooner). */
export const PULL_EVERY_MS = 5 * 60_000;
/** Shopify's search dates have second precision: a pull asks again from a second before the newest change it took. */
const OVERLAP_MS = 1_000;
const PULL_TARGET = 'catalog-pull';
/** Pages one run reads at most; a longer pull goes on at the next run from its place. */
const PAGES_PER_RUN = 4;

interface PullRow {
  pulled_at: Date | string | null;
  since: Date | string | null;
  pull_since: Date | string | null;
  pull_cursor: string | null;
  pull_newest: Date | string | null;
  wanted: boolean;
}

/**
 * The periodic pull, for products whose price and title flow from Shopify: the store's variants
 * updated since the newest change already taken (a product title change re-dates its variants) are
 * read, kept, and brought into KiTS like a `products/update` webhook — so a webhook Shopify never
 * delivered is made up for. Runs only when some linked product is shopify_to_kits. Answers whether
 * it asked Shopify.
 */
export async function pullStoreChanges(context: EventContext<ShopifySettings>, now: Date): Promise<boolean> {
  const { tx } = context;
  const [row] = await tx.query<PullRow>(
    `select cs.pulled_at, cs.pull_since, cs.pull_cursor, cs.pull_newest,
            coalesce(cs.pulled_through, (select min(vl.linked_at) from shopify.variant_links vl join shopify.products p on p.product_id = vl.product_id
                                          where p.direction = 'shopify_to_kits')) as since,
            exists (select 1 from shopify.variant_links vl join shopify.products p on p.product_id = vl.product_id
                     where p.direction = 'shopify_to_kits') as wanted
       from (select 1) one left join shopify.catalog_sync cs on true`,
  );
  if (!row?.wanted || row.since === null) return false;
  const carryingOn = row.pull_cursor !== null && row.pull_since !== null;
  if (!carryingOn && row.pulled_at && now.getTime() - new Date(row.pulled_at).getTime() < PULL_EVERY_MS) return false;
  const api = await openAdminApi(tx, context.settings);
  if (!api) return false;
  const since = carryingOn ? new Date(row.pull_since!) : new Date(new Date(row.since).getTime() - OVERLAP_MS);
  const currency = api.currency ?? (await tx.directory.tenant()).currency;
  const catalog = context.services.use('catalog@1');
  let newest = carryingOn && row.pull_newest ? new Date(row.pull_newest) : new Date(row.since);
  let after: string | null = carryingOn ? row.pull_cursor : null;
  let pages = 0;
  try {
    for (let page = 0; page < PAGES_PER_RUN; page++) {
      const read = await readStoreVariantsPage(api, { after, query: `updated_at:>'${since.toISOString()}'` });
      await saveStoreVariants(tx, read.variants);
      await applyShopifyChanges(tx, catalog, currency, read.variants);
      if (read.newestUpdate && Date.parse(read.newestUpdate) > newest.getTime()) newest = new Date(read.newestUpdate);
      after = read.next;
      pages += 1;
      if (after === null) break;
    }
  } catch (error) {
    const throttled = error instanceof ShopifyThrottledError;
    if (!throttled) {
      const says = shopifySays(error);
      await recordFailure(tx, {
        area: 'catalog',
        target: PULL_TARGET,
        message: `Asking Shopify for changed products failed: ${says.message}`,
        shopifyCode: says.code,
      });
    }
    // Throttled before any page: the next run asks again at once; otherwise the place is kept (and a failure waits for the next pull).
    if (!throttled || pages > 0) await savePlace(context, { since, after, newest, finished: false });
    return true;
  }
  await savePlace(context, { since, after, newest, finished: after === null });
  if (after === null) await resolveFailures(tx, 'catalog', [PULL_TARGET]);
  return true;
}

/** Where the pull is: finished (the newest change taken is the next pull's start), or its place in the pages. */
async function savePlace(
  { tx }: EventContext<ShopifySettings>,
  place: { since: Date; after: string | null; newest: Date; finished: boolean },
): Promise<void> {
  await tx.query(`insert into shopify.catalog_sync (tenant_id, pulled_at) values ($1, now()) on conflict (tenant_id) do nothing`, [
    tx.tenantId,
  ]);
  if (place.finished)
    await tx.query(
      `update shopify.catalog_sync set pulled_at = now(), pulled_through = $1, pull_since = null, pull_cursor = null, pull_newest = null`,
      [place.newest.toISOString()],
    );
  else
    await tx.query(`update shopify.catalog_sync set pulled_at = now(), pull_since = $1, pull_cursor = $2, pull_newest = $3`, [
      place.since.toISOString(),
      place.after,
      place.newest.toISOString(),
    ]);
}
