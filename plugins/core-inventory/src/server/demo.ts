import type { DemoContext } from '@kits/plugin-sdk';
import { importCatalog } from './catalog/csv.ts';
import { inventoryCurrencies } from './catalog/currencies.ts';
import type { InventorySettings } from './settings.ts';

/** A small café catalog (the demo tenant's currency is EUR), so the till has something to sell. */
const DEMO_CATALOG = `product,sku,unit,tax_class,options,barcodes,currency,price,cost
Flat White,COF-FW,piece,reduced,size=regular,2000000000015,EUR,3.40,0.70
Flat White,COF-FW-L,piece,reduced,size=large,2000000000022,EUR,3.90,0.85
Croissant,BAK-CRO,piece,reduced,,2000000000039,EUR,2.20,0.60
Espresso Beans 1kg,BEA-ESP-1K,piece,reduced,,8712345678906,EUR,24.95,11.00
Ceramic Mug,MUG-BLK,piece,standard,colour=black,4006381333931,EUR,12.50,4.10
Ceramic Mug,MUG-WHT,piece,standard,colour=white,036000291452,EUR,12.50,4.10
`;

/** Opening stock at the store: plenty of coffee, two dozen of the rest. */
const openingQuantity = (sku: string): number => (sku.startsWith('COF') ? 500 : 24);

/** `npm start`'s demo tenant: the café catalog, and its opening stock received at the store. */
export async function seedDemoCatalog({ tx, settings, services, locations }: DemoContext<InventorySettings>): Promise<void> {
  const imported = await importCatalog(tx, DEMO_CATALOG, await inventoryCurrencies(tx, settings));
  const variants = await tx.query<{ variant_id: string; sku: string }>('select variant_id, sku from inventory.variants order by sku');
  await services.use('inventory@1').receive(
    variants.map((variant) => ({ variantId: variant.variant_id, locationId: locations.storeId, quantity: openingQuantity(variant.sku) })),
    { kind: 'demo', id: 'opening-stock' },
  );
  await tx.audit('inventory.catalog.imported', imported);
}
