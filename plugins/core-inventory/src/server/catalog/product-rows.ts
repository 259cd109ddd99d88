import type { Product, Variant } from './schemas.ts';

/** A variant (`v`) with its barcodes and prices, as one JSON value. */
export const VARIANT_JSON = `json_build_object(
    'id', v.variant_id, 'sku', v.sku, 'options', v.options, 'status', v.status, 'costMinor', v.cost_minor, 'costCurrency', v.cost_currency,
    'updatedAt', v.updated_at,
    'barcodes', coalesce((select json_agg(json_build_object('code', b.code, 'symbology', b.symbology) order by b.code)
                            from inventory.barcodes b where b.tenant_id = v.tenant_id and b.variant_id = v.variant_id), '[]'::json),
    'prices', coalesce((select json_agg(json_build_object('currency', x.currency, 'amount', x.amount_minor, 'locationId', x.location_id) order by x.currency, x.location_id nulls first)
                          from inventory.prices x where x.tenant_id = v.tenant_id and x.variant_id = v.variant_id), '[]'::json))`;

/**
 * Products (`p`) with their variants, barcodes and prices, one row each. A product's `updated_at`
 * is the latest change to it or to any of its variants (a price, say).
 */
export const PRODUCT_SELECT = `
select p.product_id, p.name, p.description, p.unit, p.tracking, p.tax_class, p.category_id, p.option_axes, p.attributes, p.status, p.revision,
       greatest(p.updated_at, (select max(v.updated_at) from inventory.variants v where v.tenant_id = p.tenant_id and v.product_id = p.product_id)) as updated_at,
       coalesce((select json_agg(${VARIANT_JSON} order by v.variant_id)
                   from inventory.variants v where v.tenant_id = p.tenant_id and v.product_id = p.product_id), '[]'::json) as variants
  from inventory.products p`;

export interface VariantJson {
  id: string;
  sku: string;
  options: Record<string, string>;
  status: string;
  costMinor: number | string | null;
  costCurrency: string | null;
  updatedAt: string;
  barcodes: Variant['barcodes'];
  prices: Array<{ currency: string; amount: number | string; locationId: string | null }>;
}

export interface ProductRow {
  product_id: string;
  name: string;
  description: string;
  unit: string;
  tracking: string;
  tax_class: string;
  category_id: string | null;
  option_axes: string[];
  attributes: Record<string, unknown>;
  status: string;
  revision: string;
  updated_at: Date | string;
  variants: VariantJson[];
}

export const isoTime = (value: Date | string): string => new Date(value).toISOString();

export function variantOf({ costMinor, costCurrency, prices, updatedAt, ...variant }: VariantJson): Variant {
  return {
    ...variant,
    cost: costMinor === null ? null : { currency: costCurrency!, amount: Number(costMinor) },
    prices: prices.map((price) => ({ ...price, amount: Number(price.amount) })),
    updatedAt: isoTime(updatedAt),
  };
}

export function productOf(row: ProductRow): Product {
  return {
    id: row.product_id,
    name: row.name,
    description: row.description,
    unit: row.unit,
    tracking: row.tracking,
    taxClass: row.tax_class,
    categoryId: row.category_id,
    optionAxes: row.option_axes,
    attributes: row.attributes,
    status: row.status,
    revision: Number(row.revision),
    updatedAt: isoTime(row.updated_at),
    variants: row.variants.map(variantOf),
  };
}
