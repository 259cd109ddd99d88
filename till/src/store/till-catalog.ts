import type { TillCatalog, TillStockLevel } from '@kits/plugin-sdk/till';
import type { CatalogDoc } from './collections.ts';
import type { TillDatabase } from './till-database.ts';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The variant a scanned or typed code means (barcode first, then SKU), from the local store only. */
export async function lookupCode(db: TillDatabase, code: string): Promise<CatalogDoc | undefined> {
  const found = (await db.codes.findOne(code).exec()) ?? (await db.codes.findOne(`sku:${code.toUpperCase()}`).exec());
  if (!found) return undefined;
  const variant = await db.catalog.findOne(found.variantId).exec();
  return variant?.toJSON() as CatalogDoc | undefined;
}

/** The till's catalog and stock as plugins see them (`TillPluginContext.catalog`): local, so offline too. */
export function tillCatalog(db: TillDatabase): TillCatalog {
  return {
    lookup: (code) => lookupCode(db, code.trim()),
    async get(variantId) {
      return (await db.catalog.findOne(variantId).exec())?.toJSON() as CatalogDoc | undefined;
    },
    watchVariants(variantIds, listener) {
      const subscription = db.catalog.findByIds([...variantIds]).$.subscribe((found) => {
        listener(new Map([...found].map(([id, doc]) => [id, doc.toJSON() as CatalogDoc])));
      });
      return () => subscription.unsubscribe();
    },
    async search(text, limit = 20) {
      const docs = await db.catalog
        .find({ selector: { name: { $regex: escapeRegex(text.trim()), $options: 'i' } }, sort: [{ name: 'asc' }], limit })
        .exec();
      return docs.map((doc) => doc.toJSON() as CatalogDoc);
    },
    watchStock(variantId, listener) {
      const subscription = db.stock.findOne(variantId).$.subscribe((doc) => listener(doc ? (doc.toJSON() as TillStockLevel) : undefined));
      return () => subscription.unsubscribe();
    },
  };
}
