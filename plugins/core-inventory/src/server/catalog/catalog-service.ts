import {
  badRequest,
  checkPayload,
  conflict,
  decodeCursor,
  encodeCursor,
  isDomainError,
  notFound,
  requireAcceptedCurrency,
  type CatalogService,
  type CatalogVariant,
  type CatalogVariantChange,
  type NewCatalogProduct,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { checkBarcode, type Symbology } from '../../shared/barcode.ts';
import type { InventorySettings } from '../settings.ts';
import { catalogVariantsAfter, catalogVariantsById, catalogVariantsByCode } from './catalog-variants.ts';
import { inventoryCurrencies, requireProductCurrencies } from './currencies.ts';
import { createProductWithVariants } from './product-store.ts';
import { ProductInput } from './schemas.ts';
import { rememberSearchWords } from './search-words.ts';

const PRODUCT_NAME = ProductInput.properties.name;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_PAGE = 500;

/** catalog@1 over core-inventory's catalog, in the caller's transaction. */
export function createCatalogService(tx: TenantTransaction, settings: InventorySettings): CatalogService {
  return {
    async variants(page) {
      if (!Number.isInteger(page.limit) || page.limit < 1 || page.limit > MAX_PAGE)
        throw badRequest('catalog.bad_limit', `A catalog page is 1 to ${MAX_PAGE} variants; ${page.limit} was asked for.`);
      const after = afterOf(page.after);
      const rows = await catalogVariantsAfter(tx, after, page.limit + 1, page.updatedSince);
      const variants = rows.slice(0, page.limit);
      return { variants, next: rows.length > page.limit ? encodeCursor([variants.at(-1)!.variantId]) : null };
    },
    variantsById: (ids) =>
      catalogVariantsById(
        tx,
        ids.filter((id) => UUID.test(id)),
      ),
    variantsByCode: (codes) => catalogVariantsByCode(tx, codes),
    createProduct: (product) => createCatalogProduct(tx, settings, product),
    updateVariant: (variantId, change) => updateCatalogVariant(tx, settings, variantId, change),
  };
}

/** The variant id a page cursor holds; anything but a cursor `variants` handed out is a 400. */
function afterOf(cursor: string | null | undefined): string | null {
  if (cursor === undefined || cursor === null) return null;
  try {
    return decodeCursor(cursor, ['uuid'])![0];
  } catch {
    throw badRequest('catalog.bad_cursor', 'The cursor is not one catalog@1 handed out: pass `next` of the previous page as it came.');
  }
}

/** A GTIN when the code is one (8, 12 or 13 digits with a right check digit), else Code 128 free text. */
function symbologyOf(code: string): Symbology {
  const gtin = /^\d+$/.test(code) ? checkBarcode(code) : undefined;
  return gtin?.ok ? gtin.symbology : 'code128';
}

/** A channel's product as the product API takes it (checked by the same schema): sold by the piece. */
function productInputOf(product: NewCatalogProduct): ProductInput {
  const input = {
    name: product.name,
    unit: 'piece',
    ...(product.description !== undefined ? { description: product.description } : {}),
    ...(product.categoryId !== undefined ? { categoryId: product.categoryId } : {}),
    ...(product.taxClass !== undefined ? { taxClass: product.taxClass } : {}),
    ...(product.optionAxes !== undefined ? { optionAxes: [...product.optionAxes] } : {}),
    variants: product.variants.map((variant) => ({
      sku: variant.sku,
      ...(variant.options !== undefined ? { options: { ...variant.options } } : {}),
      barcodes: (variant.barcodes ?? []).map((code) => ({ code, symbology: symbologyOf(code) })),
      prices: variant.price ? [{ amount: variant.price.amount, currency: variant.price.currency }] : [],
    })),
  };
  return checkPayload(ProductInput, input, 'catalog.bad_product', 'The product');
}

const DUPLICATES = new Set(['inventory.duplicate_sku', 'inventory.duplicate_barcode']);

/**
 * Creates a channel's product through the one product-creation path (events, audit, search words).
 * A SKU or barcode taken — by another product, or twice in this one — is one refusal for a channel:
 * `inventory.duplicate_code`, naming the code.
 */
async function createCatalogProduct(
  tx: TenantTransaction,
  settings: InventorySettings,
  product: NewCatalogProduct,
): Promise<{ productId: string; variantIds: string[] }> {
  const input = productInputOf(product);
  requireProductCurrencies(input, await inventoryCurrencies(tx, settings));
  try {
    return await createProductWithVariants(tx, input);
  } catch (error) {
    if (!isDomainError(error) || !DUPLICATES.has(error.code)) throw error;
    // The SKU or barcode stays named as the product API names it (`sku` / `barcode`), with the field.
    throw conflict('inventory.duplicate_code', error.message, error.extensions);
  }
}

/**
 * Changes a variant's tenant-wide price and its product's name as a channel says. What is already
 * so is left alone, with no event: a channel writing back what it read (Shopify → KiTS → Shopify)
 * would otherwise echo changes between the two forever.
 */
async function updateCatalogVariant(
  tx: TenantTransaction,
  settings: InventorySettings,
  variantId: string,
  change: CatalogVariantChange,
): Promise<CatalogVariant> {
  const unknown = () => notFound('inventory.unknown_variant', `There is no variant ${variantId}.`);
  if (!UUID.test(variantId)) throw unknown();
  const [variant] = await tx.query<{ product_id: string; name: string }>(
    `select v.product_id, p.name from inventory.variants v join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
      where v.variant_id = $1 for update of v, p`,
    [variantId],
  );
  if (!variant) throw unknown();
  const fields: string[] = [];
  if (change.price) {
    const { amount, currency } = change.price;
    if (!Number.isSafeInteger(amount) || amount < 0)
      throw badRequest('catalog.bad_price', `A price is a whole number of minor units, 0 or more; got ${amount}.`);
    requireAcceptedCurrency(currency, 'price.currency', await inventoryCurrencies(tx, settings));
    const [stored] = await tx.query<{ amount_minor: string }>(
      'select amount_minor from inventory.prices where variant_id = $1 and currency = $2 and location_id is null',
      [variantId, currency],
    );
    if (!stored) {
      await tx.query(
        'insert into inventory.prices (tenant_id, variant_id, currency, location_id, amount_minor) values ($1, $2, $3, null, $4)',
        [tx.tenantId, variantId, currency, amount],
      );
      fields.push('price');
    } else if (Number(stored.amount_minor) !== amount) {
      await tx.query('update inventory.prices set amount_minor = $3 where variant_id = $1 and currency = $2 and location_id is null', [
        variantId,
        currency,
        amount,
      ]);
      fields.push('price');
    }
  }
  if (change.productName !== undefined && change.productName !== variant.name) {
    const name = checkPayload(PRODUCT_NAME, change.productName, 'catalog.bad_name', 'The product name');
    await tx.query('update inventory.products set name = $2, revision = revision + 1, updated_at = now() where product_id = $1', [
      variant.product_id,
      name,
    ]);
    await rememberSearchWords(tx, variant.product_id);
    fields.push('name');
  }
  if (fields.length > 0) {
    await tx.publish({
      type: 'inventory.product.changed',
      payload: { productId: variant.product_id, change: 'updated', variantIds: [variantId], fields },
    });
    await tx.audit('inventory.variant.updated', { productId: variant.product_id, variantId, fields, ...change });
  }
  return (await catalogVariantsById(tx, [variantId]))[0]!;
}
