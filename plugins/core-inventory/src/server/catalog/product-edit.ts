import { badRequest, conflict, notFound, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { barcodeTaken, fieldRefusal, requireLocations, validateProduct } from './product-store.ts';
import type { ProductChange } from './schemas.ts';
import { rememberSearchWords } from './search-words.ts';

/**
 * Saves a whole product as the editor sends it (PUT /products/:id): details, option axes, every
 * variant with its barcodes and prices. Stored variants left out are archived (sales and stock
 * movements refer to them). Everything is checked before the first write, so a refusal changes nothing.
 */
export async function saveProduct(tx: TenantTransaction, productId: string, input: ProductChange): Promise<void> {
  const [current] = await tx.query<{ revision: string }>('select revision from inventory.products where product_id = $1 for update', [
    productId,
  ]);
  if (!current) throw notFound('inventory.unknown_product', `There is no product ${productId}.`);
  if (input.expectedRevision !== undefined && Number(current.revision) !== input.expectedRevision)
    throw conflict(
      'inventory.revision_conflict',
      `Someone saved this product since you opened it (revision ${input.expectedRevision}, now ${current.revision}); reload it and make your change again.`,
    );
  const barcodes = validateProduct(input);
  const stored = await tx.query<{ variant_id: string }>('select variant_id from inventory.variants where product_id = $1', [productId]);
  const storedIds = new Set(stored.map((row) => row.variant_id));
  const given = new Set<string>();
  input.variants.forEach((variant, index) => {
    if (variant.id === undefined) return;
    const field = `body.variants.${index}.id`;
    if (!storedIds.has(variant.id))
      throw fieldRefusal(
        badRequest,
        'inventory.unknown_variant',
        `Product ${productId} has no variant ${variant.id}.`,
        field,
        'is not a variant of this product',
      );
    if (given.has(variant.id))
      throw fieldRefusal(badRequest, 'inventory.duplicate_variant', `Variant ${variant.id} is given twice.`, field, 'is given twice');
    given.add(variant.id);
  });
  await requireLocations(
    tx,
    input.variants.flatMap((v) => (v.prices ?? []).flatMap((p) => (p.locationId ? [p.locationId] : []))),
  );
  const variantIds = input.variants.map((variant) => variant.id ?? uuidv7());
  // A SKU is refused when another variant holds it now — another product's, or one of this
  // product's that is to take another SKU (swapping two SKUs takes two saves).
  const [takenSku] = await tx.query<{ sku: string; ord: string }>(
    `select x.sku, x.ord from unnest($1::text[], $2::uuid[]) with ordinality as x(sku, variant_id, ord)
       join inventory.variants v on v.sku = x.sku and v.variant_id <> x.variant_id order by x.ord limit 1`,
    [input.variants.map((v) => v.sku), variantIds],
  );
  if (takenSku)
    throw fieldRefusal(
      conflict,
      'inventory.duplicate_sku',
      `The SKU "${takenSku.sku}" is used by another variant already.`,
      `body.variants.${Number(takenSku.ord) - 1}.sku`,
      'is used by another variant already',
      { sku: takenSku.sku },
    );
  // This product's own barcodes are replaced below, so only other products' count as taken.
  const [takenCode] = await tx.query<{ code: string }>(
    `select code from inventory.barcodes where code = any($1::text[]) and not (variant_id = any($2::uuid[])) limit 1`,
    [barcodes.map((b) => b.code), [...storedIds]],
  );
  if (takenCode) throw barcodeTaken(input, takenCode.code);

  await tx.query(
    `update inventory.products set name = $2, description = coalesce($3, description), tax_class = coalesce($4, tax_class),
            option_axes = coalesce($5, option_axes), revision = revision + 1, updated_at = now()
      where product_id = $1`,
    [productId, input.name, input.description ?? null, input.taxClass ?? null, input.optionAxes ?? null],
  );
  await tx.query('delete from inventory.barcodes where variant_id = any($1::uuid[])', [[...storedIds]]);
  await tx.query('delete from inventory.prices where variant_id = any($1::uuid[])', [[...storedIds]]);
  for (const [index, variant] of input.variants.entries()) {
    const values = [
      variantIds[index],
      variant.sku,
      JSON.stringify(variant.options ?? {}),
      variant.cost?.amount ?? null,
      variant.cost?.currency ?? null,
      variant.status ?? 'active',
    ];
    if (variant.id)
      await tx.query(
        `update inventory.variants set sku = $2, options = $3, cost_minor = $4, cost_currency = $5, status = $6 where variant_id = $1`,
        values,
      );
    else
      await tx.query(
        `insert into inventory.variants (tenant_id, variant_id, product_id, sku, options, cost_minor, cost_currency, status)
         values ($7, $1, $8, $2, $3, $4, $5, $6)`,
        [...values, tx.tenantId, productId],
      );
    for (const price of variant.prices ?? [])
      await tx.query(
        'insert into inventory.prices (tenant_id, variant_id, currency, location_id, amount_minor) values ($1, $2, $3, $4, $5)',
        [tx.tenantId, variantIds[index], price.currency, price.locationId ?? null, price.amount],
      );
  }
  const left = [...storedIds].filter((id) => !given.has(id));
  if (left.length > 0) await tx.query(`update inventory.variants set status = 'archived' where variant_id = any($1::uuid[])`, [left]);
  for (const barcode of barcodes)
    await tx.query('insert into inventory.barcodes (tenant_id, code, symbology, variant_id) values ($1, $2, $3, $4)', [
      tx.tenantId,
      barcode.code,
      barcode.symbology,
      variantIds[barcode.variantIndex],
    ]);
  await rememberSearchWords(tx, productId);
  await tx.publish({ type: 'inventory.product.changed', payload: { productId, change: 'updated', variantIds: [...variantIds, ...left] } });
  await tx.audit('inventory.product.saved', { productId, skus: input.variants.map((v) => v.sku), archivedVariants: left });
}
