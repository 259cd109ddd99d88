import type { CatalogService, TenantTransaction } from '@kits/plugin-sdk';
import { codeFor } from '../../shared/barcode-codes.ts';
import type { LabelTemplate } from '../../shared/label-template.ts';
import { labelProblem, labelZpl } from '../../shared/label-zpl.ts';
import { shelfPrice, variantTitle } from './variant-price.ts';
import type { PrintableLabel, RefusedLabel } from '../../shared/printable-label.ts';

/** One variant to label, `quantity` copies, priced at `locationId` (null: the tenant-wide price). */
export interface LabelOrder {
  readonly variantId: string;
  readonly quantity: number;
  readonly locationId: string | null;
}

/**
 * The labels of a batch: each variant read through `catalog@1` (never inventory's tables), priced
 * in the tenant's currency, turned into ZPL by the template. A variant the template cannot print
 * (an EAN-13 template and a code that is not one) is refused on its own, with the reason.
 */
export async function labelBatch(
  tx: TenantTransaction,
  catalog: CatalogService,
  template: LabelTemplate,
  orders: readonly LabelOrder[],
  locale: string,
): Promise<{ labels: PrintableLabel[]; refused: RefusedLabel[] }> {
  const { currency } = await tx.directory.tenant();
  const found = new Map((await catalog.variantsById([...new Set(orders.map((order) => order.variantId))])).map((v) => [v.variantId, v]));
  const labels: PrintableLabel[] = [];
  const refused: RefusedLabel[] = [];
  for (const order of orders) {
    const variant = found.get(order.variantId);
    if (!variant) {
      refused.push({
        variantId: order.variantId,
        code: 'zebra.unknown_variant',
        reason: `There is no product variant ${order.variantId} in the catalog.`,
      });
      continue;
    }
    const product = {
      name: variantTitle(variant),
      price: shelfPrice(variant, currency, order.locationId),
      code: codeFor(template.symbology, variant.barcodes, variant.sku),
      sku: variant.sku,
    };
    const refusal = labelProblem(template, product);
    if (refusal) {
      refused.push({ variantId: order.variantId, ...refusal });
      continue;
    }
    labels.push({
      variantId: order.variantId,
      locationId: order.locationId,
      quantity: order.quantity,
      productName: product.name,
      code: product.code,
      price: product.price,
      zpl: labelZpl(template, product, { copies: order.quantity, locale }),
    });
  }
  return { labels, refused };
}

export type { PrintableLabel, RefusedLabel };
