import { send } from '../sales-load/send.ts';
import type { BenchShopifyDouble } from './shopify-double.ts';

/** The first sync of a catalog: matching the store's variants to KiTS's, then every linked level pushed. */
export interface FirstSync {
  readonly variants: number;
  /** From `POST /catalog/match` until every level on Shopify is KiTS's (s). */
  readonly seconds: number;
  /** Of which reading the store's catalog and matching (s). */
  readonly scanSeconds: number;
  readonly linked: number;
  /** Shopify calls by operation, and how many Shopify answered THROTTLED. */
  readonly calls: Readonly<Record<string, number>>;
  readonly throttled: number;
  /** Cost points Shopify charged (actual), and asked for before running (requested). */
  readonly actualPoints: number;
  readonly requestedPoints: number;
  /** The lowest the store's bucket was seen at while syncing (points). */
  readonly lowestBucket: number;
  /** Levels on Shopify checked equal to KiTS's afterwards, of those linked. */
  readonly levelsEqual: number;
}

interface Status {
  pendingStock: number;
  catalogScan: { state: string; variantsRead: number; linked: number; error: string | null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Times the first sync: the merchant's `POST /catalog/match` (the store's catalog read page by page
 * within Shopify's budget, matched by SKU), then the pusher setting every linked level at the
 * mapped location to KiTS's stock. Done when the scan is done and nothing waits; checked by reading
 * every level off the double.
 */
export async function measureFirstSync(
  url: string,
  admin: string,
  shop: BenchShopifyDouble,
  expected: { readonly levels: ReadonlyArray<{ inventoryItemId: string; quantity: number }>; readonly shopifyLocation: string },
  log: (line: string) => void,
  limitMs = 45 * 60_000,
): Promise<FirstSync> {
  const firstCall = shop.calls.length;
  let lowestBucket = shop.throttleStatus().currentlyAvailable;
  const started = performance.now();
  const match = await send<{ state: string }>(url, 'POST', '/api/v1/shopify/catalog/match', admin);
  if (match.status !== 200) throw new Error(`match answered ${match.status}: ${JSON.stringify(match.body)}`);
  let scanSeconds: number | null = null;
  let status: Status;
  let lastLog = 0;
  for (;;) {
    lowestBucket = Math.min(lowestBucket, shop.throttleStatus().currentlyAvailable);
    const answer = await send<Status>(url, 'GET', '/api/v1/shopify/sync/status', admin);
    if (answer.status !== 200) throw new Error(`the sync status answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    status = answer.body;
    const elapsed = performance.now() - started;
    if (status.catalogScan.state === 'failed') throw new Error(`the catalog scan failed: ${status.catalogScan.error}`);
    if (status.catalogScan.state === 'done' && scanSeconds === null) scanSeconds = elapsed / 1000;
    if (status.catalogScan.state === 'done' && status.pendingStock === 0) break;
    if (elapsed > limitMs) throw new Error(`the first sync did not finish in ${limitMs / 1000} s: ${JSON.stringify(status)}`);
    if (elapsed - lastLog > 15_000) {
      lastLog = elapsed;
      log(
        `  … ${Math.round(elapsed / 1000)} s: scan ${status.catalogScan.state}, ${status.catalogScan.variantsRead} read, ${status.pendingStock} levels waiting`,
      );
    }
    await sleep(250);
  }
  const seconds = (performance.now() - started) / 1000;
  const calls = shop.calls.slice(firstCall);
  const byOperation: Record<string, number> = {};
  for (const call of calls) byOperation[call.operation || '(refused)'] = (byOperation[call.operation || '(refused)'] ?? 0) + 1;
  const levelsEqual = expected.levels.filter((l) => shop.level(l.inventoryItemId, expected.shopifyLocation) === l.quantity).length;
  return {
    variants: expected.levels.length,
    seconds,
    scanSeconds: scanSeconds ?? seconds,
    linked: status.catalogScan.linked,
    calls: byOperation,
    throttled: calls.filter((c) => c.throttled).length,
    actualPoints: calls.reduce((sum, c) => sum + (c.actualCost ?? 0), 0),
    requestedPoints: calls.reduce((sum, c) => sum + c.requestedCost, 0),
    lowestBucket,
    levelsEqual,
  };
}
