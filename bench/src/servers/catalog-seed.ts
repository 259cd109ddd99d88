// A catalog of `count` products with one variant each, an EAN-13, a price and stock at the given
// locations, bulk-loaded through the owner connection: benches measure reads and sales, not
// 100,000 API calls. Shared by the inventory and till benches.
import type { TestKernel } from '@kits/kernel/test-kit';
import { gtinCheckDigit } from '@kits/core-inventory/barcode';

const ADJECTIVES = [
  'Organic',
  'Dark',
  'Sparkling',
  'Roasted',
  'Vintage',
  'Classic',
  'Spicy',
  'Smoked',
  'Fresh',
  'Crunchy',
  'Golden',
  'Wild',
  'Salted',
  'Creamy',
  'Bitter',
  'Sweet',
  'Frozen',
  'Ripe',
  'Aged',
  'Whole',
];
const NOUNS = [
  'Chocolate',
  'Coffee',
  'Almonds',
  'Cheddar',
  'Lemonade',
  'Granola',
  'Olive Oil',
  'Sourdough',
  'Honey',
  'Salsa',
  'Pesto',
  'Yoghurt',
  'Cookies',
  'Tea',
  'Mustard',
  'Crackers',
  'Jam',
  'Ketchup',
  'Noodles',
  'Muesli',
  'Biscuits',
  'Water',
  'Cola',
  'Rice',
  'Lentils',
];
const SIZES = ['100g', '250g', '500g', '1kg', '330ml', '1L', 'Pack of 6', 'Family Size'];

export interface SeededCatalog {
  readonly names: string[];
  readonly skus: string[];
  readonly barcodes: string[];
}

/** Inserts the catalog (products, variants, barcodes, EUR prices, stock per location) and the search words. */
export async function seedCatalog(kit: TestKernel, count: number, locationIds: readonly string[]): Promise<SeededCatalog> {
  const names: string[] = [];
  const skus: string[] = [];
  const barcodes: string[] = [];
  for (let i = 0; i < count; i++) {
    names.push(
      `${ADJECTIVES[i % ADJECTIVES.length]} ${NOUNS[Math.floor(i / ADJECTIVES.length) % NOUNS.length]} ${SIZES[Math.floor(i / 500) % SIZES.length]} #${i}`,
    );
    skus.push(`SKU-${String(i).padStart(7, '0')}`);
    const body = `20${String(i).padStart(10, '0')}`;
    barcodes.push(`${body}${gtinCheckDigit(body)}`);
  }
  const tenant = kit.tenant.id;
  const BATCH = 5000;
  for (let start = 0; start < count; start += BATCH) {
    const slice = (values: string[]) => values.slice(start, start + BATCH);
    await kit.kernel.db.transaction({}, async (tx) => {
      await tx.query(
        `with input as (select * from unnest($2::text[], $3::text[], $4::text[]) as t(name, sku, barcode)),
              products as (insert into inventory.products (tenant_id, product_id, name, unit)
                           select $1, gen_random_uuid(), name, 'piece' from input returning product_id, name),
              variants as (insert into inventory.variants (tenant_id, variant_id, product_id, sku)
                           select $1, gen_random_uuid(), p.product_id, i.sku from input i join products p on p.name = i.name returning variant_id, sku),
              codes as (insert into inventory.barcodes (tenant_id, code, symbology, variant_id)
                        select $1, i.barcode, 'ean13', v.variant_id from input i join variants v on v.sku = i.sku returning variant_id),
              prices as (insert into inventory.prices (tenant_id, variant_id, currency, amount_minor)
                         select $1, v.variant_id, 'EUR', 99 + (abs(hashtext(v.sku)) % 2000) from variants v returning variant_id)
         insert into inventory.stock_levels (tenant_id, location_id, variant_id, on_hand, version)
         select $1, loc, v.variant_id, 1 + (abs(hashtext(v.sku)) % 200), 1 from variants v cross join unnest($5::uuid[]) as loc`,
        [tenant, slice(names), slice(skus), slice(barcodes), [...locationIds]],
      );
    });
  }
  // The search dictionary and each product's words, as createProduct keeps them.
  await kit.kernel.db.query(
    `insert into inventory.product_words (tenant_id, word, product_id, name)
     select distinct p.tenant_id, w.word, p.product_id, p.name from inventory.products p, regexp_split_to_table(lower(p.name), '[^[:alnum:]]+') as w(word)
      where length(w.word) >= 2 on conflict do nothing`,
  );
  await kit.kernel.db.query(
    `insert into inventory.search_words (tenant_id, word, trigrams)
     select distinct tenant_id, word, coalesce(cardinality(show_trgm(word)), 0) from inventory.product_words on conflict do nothing`,
  );
  await kit.kernel.db.query(
    `insert into inventory.search_word_trigrams (tenant_id, trigram, word)
     select w.tenant_id, g.trigram, w.word from inventory.search_words w, unnest(show_trgm(w.word)) as g(trigram) on conflict do nothing`,
  );
  await kit.kernel.db.query('analyze');
  return { names, skus, barcodes };
}
