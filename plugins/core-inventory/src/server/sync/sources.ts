import type { SyncPullRequest, SyncPullSource, SyncDocument } from '@kits/plugin-sdk';
import type { InventorySettings } from '../settings.ts';

const NO_ID = '00000000-0000-0000-0000-000000000000';

/** The page bounds every source shares: after the checkpoint, below what is visible, in order. */
const bounds = (request: SyncPullRequest) => [
  request.after?.changeId ?? '0',
  request.after?.id ?? NO_ID,
  request.visibleBelow,
  request.limit,
];

/**
 * `core-inventory.catalog`: one document per variant with what a till sells by — its product's
 * name, unit, tax class and tracking, its SKU, options, barcodes and the prices that apply at the
 * till's location. Archived variants and products arrive as deleted.
 */
export const catalogSource: SyncPullSource<InventorySettings> = {
  changedBy: ['inventory.product.changed'],
  async pull(request, { tx }) {
    const rows = await tx.query<{
      variant_id: string;
      change_id: string;
      product_id: string;
      name: string;
      sku: string;
      options: Record<string, string>;
      unit: string;
      tax_class: string;
      tracking: string;
      category_id: string | null;
      active: boolean;
      barcodes: string[];
      prices: Array<{ currency: string; amount: number; locationId: string | null }>;
    }>(
      `select v.variant_id, v.change_id::text as change_id, v.product_id, p.name, v.sku, v.options, p.unit, p.tax_class, p.tracking, p.category_id,
              (v.status = 'active' and p.status = 'active') as active,
              array(select b.code from inventory.barcodes b where b.tenant_id = v.tenant_id and b.variant_id = v.variant_id order by b.code) as barcodes,
              coalesce((select jsonb_agg(jsonb_build_object('currency', pr.currency, 'amount', pr.amount_minor, 'locationId', pr.location_id) order by pr.currency, pr.location_id)
                          from inventory.prices pr
                         where pr.tenant_id = v.tenant_id and pr.variant_id = v.variant_id and (pr.location_id is null or pr.location_id = $5::uuid)), '[]') as prices
         from inventory.variants v
         join inventory.products p on p.tenant_id = v.tenant_id and p.product_id = v.product_id
        where (v.change_id, v.variant_id) > ($1::bigint, $2::uuid) and v.change_id < $3::bigint
        order by v.change_id, v.variant_id
        limit $4`,
      [...bounds(request), request.locationId],
    );
    return rows.map((r): SyncDocument => ({
      id: r.variant_id,
      changeId: r.change_id,
      deleted: !r.active,
      data: {
        variantId: r.variant_id,
        productId: r.product_id,
        name: r.name,
        sku: r.sku,
        options: r.options,
        unit: r.unit,
        taxClass: r.tax_class,
        tracking: r.tracking,
        categoryId: r.category_id,
        barcodes: r.barcodes,
        // A location's own price wins over the price everywhere.
        prices: r.prices.sort((a, b) => Number(a.locationId === null) - Number(b.locationId === null)),
      },
    }));
  },
};

/** `core-inventory.stock`: on hand, reserved and available of every variant at the till's location. */
export const stockSource: SyncPullSource<InventorySettings> = {
  changedBy: ['inventory.stock.moved'],
  async pull(request, { tx }) {
    if (!request.locationId) return [];
    const rows = await tx.query<{ variant_id: string; change_id: string; on_hand: string; reserved: string }>(
      `select variant_id, change_id::text as change_id, on_hand, reserved from inventory.stock_levels
        where location_id = $5::uuid and (change_id, variant_id) > ($1::bigint, $2::uuid) and change_id < $3::bigint
        order by change_id, variant_id
        limit $4`,
      [...bounds(request), request.locationId],
    );
    return rows.map((r) => ({
      id: r.variant_id,
      changeId: r.change_id,
      deleted: false,
      data: {
        variantId: r.variant_id,
        locationId: request.locationId,
        onHand: Number(r.on_hand),
        reserved: Number(r.reserved),
        available: Number(r.on_hand) - Number(r.reserved),
      },
    }));
  },
};
