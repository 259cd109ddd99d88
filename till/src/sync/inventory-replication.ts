import type { Observable } from 'rxjs';
import type { CatalogDoc, CodeDoc, StockDoc } from '../store/collections.ts';
import type { TillDatabase } from '../store/till-database.ts';
import type { GatewayClient } from './gateway-client.ts';
import { replicateSource } from './pull-replication.ts';

/**
 * core-inventory on the till: the catalog (with the scan codes derived from it) and the stock
 * of the till's location, replicated from the gateway and refreshed on every change the live
 * stream reports.
 */
export function replicateInventory(
  db: TillDatabase,
  client: GatewayClient,
  news$: { catalog?: Observable<unknown>; stock?: Observable<unknown> } = {},
) {
  const catalog = replicateSource<CatalogDoc>({
    collection: db.catalog,
    source: 'core-inventory.catalog',
    client,
    ...(news$.catalog ? { news$: news$.catalog } : {}),
    toDoc: (id, data) => ({ ...(data as unknown as CatalogDoc), id }),
    // Scan codes follow the catalog: a variant's barcodes and SKU point at it, stale ones go.
    onPage: async (documents) => {
      const ids = documents.map((d) => d.id);
      const stale = await db.codes.find({ selector: { variantId: { $in: ids } } }).exec();
      if (stale.length > 0) await db.codes.bulkRemove(stale.map((c) => c.id));
      const codes: CodeDoc[] = [];
      for (const d of documents) {
        if (d.deleted) continue;
        const data = d.data as unknown as CatalogDoc;
        codes.push({ id: `sku:${data.sku.toUpperCase()}`, variantId: d.id, kind: 'sku' });
        for (const barcode of data.barcodes) codes.push({ id: barcode, variantId: d.id, kind: 'barcode' });
      }
      if (codes.length > 0) await db.codes.bulkUpsert(codes);
    },
  });
  const stock = replicateSource<StockDoc>({
    collection: db.stock,
    source: 'core-inventory.stock',
    client,
    ...(news$.stock ? { news$: news$.stock } : {}),
    toDoc: (id, data) => ({
      id,
      locationId: String(data.locationId),
      onHand: Number(data.onHand),
      reserved: Number(data.reserved),
      available: Number(data.available),
    }),
  });
  return { catalog, stock };
}
