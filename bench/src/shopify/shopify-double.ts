import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * The Shopify double of plugins/shopify's tests, run in the bench's own process: the store the
 * kernel's plugin talks to (over HTTP, through shopify-api-node), with Shopify's cost metering and
 * throttling. Loaded by path at run time (it is test code of the plugin, not part of the bench's
 * build); these are the parts the bench uses.
 */
export interface BenchShopifyCall {
  readonly operation: string;
  readonly variables: Record<string, unknown>;
  readonly requestedCost: number;
  readonly actualCost: number | null;
  readonly throttled: boolean;
  readonly at: number;
}

export interface BenchShopifyDouble {
  readonly apiBase: string;
  readonly calls: BenchShopifyCall[];
  close(): Promise<void>;
  addLocation(input: { name: string }): { id: string };
  seedCatalog(
    count: number,
    options: { skuPrefix: string },
  ): Array<{ id: string; variants: Array<{ id: string; inventoryItemId: string; sku: string | null }> }>;
  level(inventoryItemId: string, locationId: string): number | undefined;
  issueAccessToken(): string;
  throttleStatus(): { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

export const BENCH_SHOP_DOMAIN = 'kits-bench.myshopify.com';

export async function startBenchShopifyDouble(bucket?: { maximumAvailable: number; restoreRate: number }): Promise<BenchShopifyDouble> {
  const path = fileURLToPath(new URL('../../../plugins/shopify/test/shopify-double/index.ts', import.meta.url));
  const module = (await import(pathToFileURL(path).href)) as {
    startShopifyDouble(options: Record<string, unknown>): Promise<BenchShopifyDouble>;
  };
  return module.startShopifyDouble({
    shopDomain: BENCH_SHOP_DOMAIN,
    clientId: 'kits-bench-client-id',
    clientSecret: 'kits-bench-client-secret-0123456789',
    ...(bucket ? { bucket } : {}),
  });
}
