import { badRequest, conflict, notFound, type SellableVariant, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { checkBarcode } from '../../shared/barcode.ts';
import { PRODUCT_SELECT, productOf, type ProductRow } from './product-rows.ts';
import type { Product, ProductInput } from './schemas.ts';
import { rememberSearchWords } from './search-words.ts';

/** A refusal that names the field it is about, so a form shows it beside that field (`body.variants.0.sku`). */
export const fieldRefusal = (refuse: typeof badRequest, code: string, detail: string, field: string, message: string, extensions = {}) =>
  refuse(code, detail, { ...extensions, field, errors: [{ field, message }] });

/** Checks what a schema cannot: barcodes and their check digits, duplicates within the request. */
export function validateProduct(
  input: Pick<ProductInput, 'variants' | 'optionAxes'>,
): Array<{ variantIndex: number; code: string; symbology: string }> {
  const skus = new Set<string>();
  const barcodes: Array<{ variantIndex: number; code: string; symbology: string }> = [];
  const seenCodes = new Set<string>();
  const axes = new Set(input.optionAxes ?? []);
  input.variants.forEach((variant, index) => {
    const at = `body.variants.${index}`;
    if (skus.has(variant.sku))
      throw fieldRefusal(
        conflict,
        'inventory.duplicate_sku',
        `The SKU "${variant.sku}" appears twice in this product.`,
        `${at}.sku`,
        'is on another variant of this product',
        { sku: variant.sku },
      );
    skus.add(variant.sku);
    for (const axis of Object.keys(variant.options ?? {})) {
      if (!axes.has(axis))
        throw fieldRefusal(
          badRequest,
          'inventory.unknown_option',
          `Variant ${variant.sku} has option "${axis}", which is not one of the product's option axes (${[...axes].join(', ') || 'none'}).`,
          `${at}.options`,
          `"${axis}" is not one of the product's options`,
        );
    }
    (variant.barcodes ?? []).forEach((barcode, b) => {
      const checked = checkBarcode(barcode.code, barcode.symbology);
      if (!checked.ok)
        throw fieldRefusal(
          badRequest,
          'inventory.invalid_barcode',
          `Barcode ${barcode.code} of variant ${variant.sku} is invalid: ${checked.reason}.`,
          `${at}.barcodes.${b}.code`,
          checked.reason,
          { barcode: barcode.code },
        );
      if (seenCodes.has(checked.code))
        throw fieldRefusal(
          conflict,
          'inventory.duplicate_barcode',
          `The barcode ${checked.code} appears twice in this product.`,
          `${at}.barcodes.${b}.code`,
          'is on another variant of this product',
          { barcode: checked.code },
        );
      seenCodes.add(checked.code);
      barcodes.push({ variantIndex: index, code: checked.code, symbology: checked.symbology });
    });
  });
  return barcodes;
}

/** 409 for a barcode another product's variant carries, naming where it was typed. */
export function barcodeTaken(input: Pick<ProductInput, 'variants'>, code: string) {
  let field = 'body.variants';
  input.variants.forEach((variant, v) =>
    (variant.barcodes ?? []).forEach((barcode, b) => {
      if (barcode.code === code) field = `body.variants.${v}.barcodes.${b}.code`;
    }),
  );
  return fieldRefusal(
    conflict,
    'inventory.duplicate_barcode',
    `The barcode ${code} is on another variant already.`,
    field,
    'is on another product already',
    { barcode: code },
  );
}

async function requireLocations(tx: TenantTransaction, ids: readonly string[]): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const found = await tx.directory.locations(unique);
  const missing = unique.filter((id) => !found.some((location) => location.id === id));
  if (missing.length > 0)
    throw badRequest('inventory.unknown_location', `Unknown location${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}.`, {
      locationIds: missing,
    });
}
export { requireLocations };

/** Creates a product with its variants, barcodes and prices; duplicates in the tenant are 409. */
export async function createProduct(tx: TenantTransaction, input: ProductInput): Promise<string> {
  return (await createProductWithVariants(tx, input)).productId;
}

/**
 * `createProduct` answering the new variants' ids too, in the order of `input.variants`: the one
 * path every product is created by (the API, CSV import, catalog@1), so events, audit and search
 * words stay the same whoever creates it.
 */
export async function createProductWithVariants(
  tx: TenantTransaction,
  input: ProductInput,
): Promise<{ productId: string; variantIds: string[] }> {
  const barcodes = validateProduct(input);
  await requireLocations(
    tx,
    input.variants.flatMap((v) => (v.prices ?? []).flatMap((p) => (p.locationId ? [p.locationId] : []))),
  );
  const takenSkus = await tx.query<{ sku: string }>('select sku from inventory.variants where sku = any($1::text[])', [
    input.variants.map((v) => v.sku),
  ]);
  if (takenSkus.length > 0) {
    const sku = takenSkus[0]!.sku;
    throw fieldRefusal(
      conflict,
      'inventory.duplicate_sku',
      `The SKU "${sku}" is used by another variant already.`,
      `body.variants.${input.variants.findIndex((v) => v.sku === sku)}.sku`,
      'is used by another product already',
      { sku },
    );
  }
  const takenCodes = await tx.query<{ code: string }>('select code from inventory.barcodes where code = any($1::text[])', [
    barcodes.map((b) => b.code),
  ]);
  if (takenCodes.length > 0) throw barcodeTaken(input, takenCodes[0]!.code);
  if (input.categoryId) {
    const [category] = await tx.query('select 1 from inventory.categories where category_id = $1', [input.categoryId]);
    if (!category) throw badRequest('inventory.unknown_category', `There is no category ${input.categoryId}.`);
  }

  const productId = uuidv7();
  await tx.query(
    `insert into inventory.products (tenant_id, product_id, name, description, category_id, unit, tax_class, option_axes, attributes, tracking)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tx.tenantId,
      productId,
      input.name,
      input.description ?? '',
      input.categoryId ?? null,
      input.unit,
      input.taxClass ?? 'standard',
      input.optionAxes ?? [],
      JSON.stringify(input.attributes ?? {}),
      input.tracking ?? 'none',
    ],
  );
  await rememberSearchWords(tx, productId);
  const variantIds = input.variants.map(() => uuidv7());
  for (const [index, variant] of input.variants.entries()) {
    await tx.query(
      `insert into inventory.variants (tenant_id, variant_id, product_id, sku, options, cost_minor, cost_currency) values ($1, $2, $3, $4, $5, $6, $7)`,
      [
        tx.tenantId,
        variantIds[index],
        productId,
        variant.sku,
        JSON.stringify(variant.options ?? {}),
        variant.cost?.amount ?? null,
        variant.cost?.currency ?? null,
      ],
    );
    for (const price of variant.prices ?? []) {
      await tx.query(
        'insert into inventory.prices (tenant_id, variant_id, currency, location_id, amount_minor) values ($1, $2, $3, $4, $5)',
        [tx.tenantId, variantIds[index], price.currency, price.locationId ?? null, price.amount],
      );
    }
  }
  for (const barcode of barcodes) {
    await tx.query('insert into inventory.barcodes (tenant_id, code, symbology, variant_id) values ($1, $2, $3, $4)', [
      tx.tenantId,
      barcode.code,
      barcode.symbology,
      variantIds[barcode.variantIndex],
    ]);
  }
  await tx.publish({ type: 'inventory.product.changed', payload: { productId, change: 'created', variantIds } });
  await tx.audit('inventory.product.created', { productId, name: input.name, skus: input.variants.map((v) => v.sku) });
  return { productId, variantIds };
}

/** Reads one product with its variants, barcodes and prices, in one query. */
export async function readProduct(tx: TenantTransaction, productId: string): Promise<Product> {
  const [row] = await tx.query<ProductRow>(`${PRODUCT_SELECT} where p.product_id = $1`, [productId]);
  if (!row) throw notFound('inventory.unknown_product', `There is no product ${productId}.`);
  return productOf(row);
}

/**
 * The inventory@1 `sellable` lookup: names, tax class and the price that applies at a location.
 * Remembered for the transaction (a sync batch looks the same variants up sale after sale, and a
 * sale's own catalog does not change under it).
 */
export async function sellableVariants(
  tx: TenantTransaction,
  variantIds: readonly string[],
  pricing: { currency: string; locationId: string },
): Promise<SellableVariant[]> {
  const cache = await tx.memo(`sellable:${pricing.currency}:${pricing.locationId}`, () =>
    Promise.resolve(new Map<string, SellableVariant>()),
  );
  const wanted = [...new Set(variantIds)];
  const missing = wanted.filter((id) => !cache.has(id));
  if (missing.length > 0) {
    const rows = await tx.query<{
      variant_id: string;
      product_id: string;
      sku: string;
      name: string;
      category_id: string | null;
      tax_class: string;
      tracking: SellableVariant['tracking'];
      active: boolean;
      unit_price: string | null;
    }>(
      `select v.variant_id, v.product_id, v.sku, p.name, p.category_id, p.tax_class, p.tracking,
              (v.status = 'active' and p.status = 'active') as active,
              (select pr.amount_minor from inventory.prices pr
                where pr.tenant_id = v.tenant_id and pr.variant_id = v.variant_id and pr.currency = $2 and (pr.location_id is null or pr.location_id = $3::uuid)
                order by pr.location_id nulls last limit 1) as unit_price
         from inventory.variants v
         join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
        where v.variant_id = any($1::uuid[])`,
      [missing, pricing.currency, pricing.locationId],
    );
    const known = await knownVariants(tx);
    for (const r of rows) {
      known.set(r.variant_id, r.tracking);
      cache.set(r.variant_id, {
        variantId: r.variant_id,
        productId: r.product_id,
        sku: r.sku,
        name: r.name,
        categoryId: r.category_id,
        taxClass: r.tax_class,
        tracking: r.tracking,
        active: r.active,
        unitPrice: r.unit_price === null ? null : Number(r.unit_price),
      });
    }
  }
  return wanted.filter((id) => cache.has(id)).map((id) => cache.get(id)!);
}

/**
 * Variants this transaction has seen exist, with how they track stock: the stock ledger then
 * skips looking them up again (checkout asks `sellable` just before `commitSale`).
 */
export const knownVariants = (tx: TenantTransaction) =>
  tx.memo('known-variants', () => Promise.resolve(new Map<string, 'none' | 'lot' | 'serial'>()));
