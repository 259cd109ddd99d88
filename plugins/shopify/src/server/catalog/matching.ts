/**
 * Matching KiTS variants to Shopify variants, one to one: by SKU first, then by barcode among what
 * is left. A code shared by several variants on either side links nothing — those variants are
 * ambiguous and go to the review list, both sides, with the reason; variants no code joins are
 * unmatched. Pure: no I/O, table-tested.
 */

export interface KitsCandidate {
  readonly variantId: string;
  readonly sku: string;
  readonly barcodes: readonly string[];
}

export interface ShopifyCandidate {
  readonly shopifyVariantId: string;
  readonly sku: string;
  readonly barcode: string;
}

export interface MatchedPair {
  readonly variantId: string;
  readonly shopifyVariantId: string;
  readonly by: 'sku' | 'barcode';
}

export interface ReviewItem {
  readonly side: 'kits' | 'shopify';
  /** The KiTS variant id, or the Shopify variant gid. */
  readonly id: string;
  readonly state: 'unmatched' | 'ambiguous';
  readonly reason: string;
}

export interface MatchInput {
  readonly kits: readonly KitsCandidate[];
  readonly shopify: readonly ShopifyCandidate[];
  /** Pairs the merchant unlinked by hand (`variantId shopifyVariantId`): never linked again by matching. */
  readonly refused?: ReadonlySet<string>;
}

export interface MatchResult {
  readonly pairs: readonly MatchedPair[];
  readonly review: readonly ReviewItem[];
}

/** SKUs compare without surrounding spaces and case ("abc-1" is "ABC-1"); barcodes exactly. */
export const skuKey = (sku: string): string => sku.trim().toUpperCase();
const barcodeKey = (code: string): string => code.trim();
export const pairKey = (variantId: string, shopifyVariantId: string): string => `${variantId} ${shopifyVariantId}`;

function group<T>(items: readonly T[], keys: (item: T) => readonly string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items)
    for (const key of new Set(keys(item))) {
      if (key === '') continue;
      const members = groups.get(key) ?? [];
      members.push(item);
      groups.set(key, members);
    }
  return groups;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function matchCatalog(input: MatchInput): MatchResult {
  const refused = input.refused ?? new Set<string>();
  const pairs: MatchedPair[] = [];
  const linkedKits = new Set<string>();
  const linkedShopify = new Set<string>();
  /** Why a variant did not link, by side and id (the first reason found is kept). */
  const reasons = new Map<string, { state: 'unmatched' | 'ambiguous'; reason: string }>();
  const note = (side: 'kits' | 'shopify', id: string, state: 'unmatched' | 'ambiguous', reason: string) => {
    if (!reasons.has(`${side}:${id}`)) reasons.set(`${side}:${id}`, { state, reason });
  };
  const link = (kits: KitsCandidate, shopify: ShopifyCandidate, by: 'sku' | 'barcode') => {
    if (refused.has(pairKey(kits.variantId, shopify.shopifyVariantId))) {
      note('kits', kits.variantId, 'unmatched', `Unlinked by hand from Shopify variant ${shopify.shopifyVariantId}.`);
      note('shopify', shopify.shopifyVariantId, 'unmatched', `Unlinked by hand from KiTS variant ${kits.variantId}.`);
      return;
    }
    pairs.push({ variantId: kits.variantId, shopifyVariantId: shopify.shopifyVariantId, by });
    linkedKits.add(kits.variantId);
    linkedShopify.add(shopify.shopifyVariantId);
  };

  // SKU: a code on exactly one variant each side links them.
  const kitsBySku = group(input.kits, (k) => [skuKey(k.sku)]);
  const shopifyBySku = group(input.shopify, (s) => [skuKey(s.sku)]);
  for (const [sku, kits] of kitsBySku) {
    const shopify = shopifyBySku.get(sku);
    if (!shopify) continue;
    if (kits.length === 1 && shopify.length === 1) {
      link(kits[0]!, shopify[0]!, 'sku');
      continue;
    }
    const reason = `SKU ${sku} is on ${plural(kits.length, 'KiTS variant')} and ${plural(shopify.length, 'Shopify variant')}.`;
    for (const k of kits) note('kits', k.variantId, 'ambiguous', reason);
    for (const s of shopify) note('shopify', s.shopifyVariantId, 'ambiguous', reason);
  }

  // Barcode, among what SKU left: a pair links when each is the other's only candidate.
  const kitsLeft = input.kits.filter((k) => !linkedKits.has(k.variantId));
  const shopifyLeft = input.shopify.filter((s) => !linkedShopify.has(s.shopifyVariantId));
  const kitsByBarcode = group(kitsLeft, (k) => k.barcodes.map(barcodeKey));
  const shopifyByBarcode = group(shopifyLeft, (s) => [barcodeKey(s.barcode)]);
  const kitsCandidates = new Map<string, Set<ShopifyCandidate>>();
  const shopifyCandidates = new Map<string, Set<KitsCandidate>>();
  for (const [code, kits] of kitsByBarcode) {
    const shopify = shopifyByBarcode.get(code);
    if (!shopify) continue;
    for (const k of kits)
      for (const s of shopify) {
        kitsCandidates.set(k.variantId, (kitsCandidates.get(k.variantId) ?? new Set()).add(s));
        shopifyCandidates.set(s.shopifyVariantId, (shopifyCandidates.get(s.shopifyVariantId) ?? new Set()).add(k));
      }
  }
  for (const k of kitsLeft) {
    const candidates = kitsCandidates.get(k.variantId);
    if (!candidates) continue;
    const [only] = candidates;
    if (candidates.size === 1 && shopifyCandidates.get(only!.shopifyVariantId)?.size === 1) {
      link(k, only!, 'barcode');
      continue;
    }
    const reason = `Its barcodes are shared: ${plural(candidates.size, 'Shopify variant')} carry them, and some of those match other KiTS variants too.`;
    note('kits', k.variantId, 'ambiguous', reason);
    for (const s of candidates) note('shopify', s.shopifyVariantId, 'ambiguous', reason);
  }

  const review: ReviewItem[] = [];
  for (const k of input.kits) {
    if (linkedKits.has(k.variantId)) continue;
    const found = reasons.get(`kits:${k.variantId}`);
    review.push({
      side: 'kits',
      id: k.variantId,
      state: found?.state ?? 'unmatched',
      reason:
        found?.reason ??
        (skuKey(k.sku) === '' && k.barcodes.length === 0
          ? 'It has no SKU or barcode.'
          : 'No Shopify variant has its SKU or a barcode of it.'),
    });
  }
  for (const s of input.shopify) {
    if (linkedShopify.has(s.shopifyVariantId)) continue;
    const found = reasons.get(`shopify:${s.shopifyVariantId}`);
    review.push({
      side: 'shopify',
      id: s.shopifyVariantId,
      state: found?.state ?? 'unmatched',
      reason:
        found?.reason ??
        (skuKey(s.sku) === '' && barcodeKey(s.barcode) === ''
          ? 'It has no SKU or barcode on Shopify.'
          : 'No KiTS variant has its SKU or barcode.'),
    });
  }
  return { pairs, review };
}
