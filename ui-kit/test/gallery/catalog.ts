/** The gallery's made-up catalog: 100,000 products, each value derived from its number so a test can predict it. */
export interface GalleryProduct {
  readonly id: string;
  readonly name: string;
  readonly sku: string;
  readonly stock: number;
  readonly price: number;
  readonly updatedAt: string;
  readonly active: boolean;
}

export const PRODUCT_COUNT = 100_000;

export function galleryProducts(count = PRODUCT_COUNT): GalleryProduct[] {
  const start = Date.UTC(2026, 0, 1);
  return Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    return {
      id: `p${n}`,
      name: `Product ${n}`,
      sku: `SKU-${String(n).padStart(6, '0')}`,
      stock: (n * 7919) % 1000,
      price: 199 + ((n * 104_729) % 50_000),
      updatedAt: new Date(start + n * 3_600_000).toISOString(),
      active: n % 7 !== 0,
    };
  });
}
