import type { TillVariant } from '@kits/plugin-sdk/till';
import type { Discount } from '../../shared/pricing.ts';

/** A quick key as the checkout shows it: the item, what the key says, its price here. */
export interface QuickKey {
  readonly variant: TillVariant;
  readonly label: string;
  readonly price: number;
}

/** A parked sale as the list shows it. */
export interface ParkedSale {
  readonly id: string;
  readonly total: number;
  readonly lines: number;
  readonly parkedAt: string;
  readonly deviceId: string;
}

/** What the server keeps of a parked sale: enough to put it back in a cart as it was. */
export interface ParkedSaleDetail {
  readonly id: string;
  readonly cartDiscount: Discount | null;
  readonly lines: ReadonlyArray<{
    variantId: string;
    name: string;
    sku: string;
    quantity: number;
    unitPrice: number;
    lineDiscount: number;
  }>;
}
