import { describe, expect, it } from 'vitest';
import { matchCatalog, pairKey, type KitsCandidate, type MatchInput, type ShopifyCandidate } from '../src/server/catalog/matching.ts';

const k = (variantId: string, sku: string, barcodes: string[] = []): KitsCandidate => ({ variantId, sku, barcodes });
const s = (shopifyVariantId: string, sku: string, barcode = ''): ShopifyCandidate => ({ shopifyVariantId, sku, barcode });

interface Case {
  readonly name: string;
  readonly input: MatchInput;
  readonly pairs: Array<[string, string, 'sku' | 'barcode']>;
  /** side:id → state */
  readonly review: Record<string, 'unmatched' | 'ambiguous'>;
}

const cases: Case[] = [
  {
    name: 'one SKU on each side links them',
    input: { kits: [k('k1', 'MUG-1')], shopify: [s('s1', 'MUG-1')] },
    pairs: [['k1', 's1', 'sku']],
    review: {},
  },
  {
    name: 'SKUs compare without case or surrounding spaces',
    input: { kits: [k('k1', ' mug-1 ')], shopify: [s('s1', 'MUG-1')] },
    pairs: [['k1', 's1', 'sku']],
    review: {},
  },
  {
    name: 'a SKU on two Shopify variants is ambiguous on both sides',
    input: { kits: [k('k1', 'DUP')], shopify: [s('s1', 'DUP'), s('s2', 'DUP')] },
    pairs: [],
    review: { 'kits:k1': 'ambiguous', 'shopify:s1': 'ambiguous', 'shopify:s2': 'ambiguous' },
  },
  {
    name: 'a SKU on two KiTS variants is ambiguous on both sides',
    input: { kits: [k('k1', 'DUP'), k('k2', 'DUP')], shopify: [s('s1', 'DUP')] },
    pairs: [],
    review: { 'kits:k1': 'ambiguous', 'kits:k2': 'ambiguous', 'shopify:s1': 'ambiguous' },
  },
  {
    name: 'without a SKU match, one barcode on each side links them',
    input: { kits: [k('k1', 'A', ['4006381333931'])], shopify: [s('s1', 'B', '4006381333931')] },
    pairs: [['k1', 's1', 'barcode']],
    review: {},
  },
  {
    name: 'SKU comes first: a barcode pointing elsewhere does not undo a SKU match',
    input: { kits: [k('k1', 'A', ['111']), k('k2', 'X', [])], shopify: [s('s1', 'A'), s('s2', 'Y', '111')] },
    pairs: [['k1', 's1', 'sku']],
    review: { 'kits:k2': 'unmatched', 'shopify:s2': 'unmatched' },
  },
  {
    name: 'a barcode resolves what a shared SKU left ambiguous, one to one',
    input: { kits: [k('k1', 'DUP', ['111']), k('k2', 'DUP', ['222'])], shopify: [s('s1', 'DUP', '111')] },
    pairs: [['k1', 's1', 'barcode']],
    review: { 'kits:k2': 'ambiguous' },
  },
  {
    name: 'a KiTS variant whose two barcodes are on two Shopify variants is ambiguous',
    input: { kits: [k('k1', 'A', ['111', '222'])], shopify: [s('s1', 'B', '111'), s('s2', 'C', '222')] },
    pairs: [],
    review: { 'kits:k1': 'ambiguous', 'shopify:s1': 'ambiguous', 'shopify:s2': 'ambiguous' },
  },
  {
    name: 'variants no code joins are unmatched, both sides; blank SKUs join nothing',
    input: { kits: [k('k1', 'ONLY-KITS'), k('k2', '')], shopify: [s('s1', 'ONLY-SHOPIFY'), s('s2', '')] },
    pairs: [],
    review: { 'kits:k1': 'unmatched', 'kits:k2': 'unmatched', 'shopify:s1': 'unmatched', 'shopify:s2': 'unmatched' },
  },
  {
    name: 'a pair unlinked by hand is not linked again',
    input: { kits: [k('k1', 'MUG-1')], shopify: [s('s1', 'MUG-1')], refused: new Set([pairKey('k1', 's1')]) },
    pairs: [],
    review: { 'kits:k1': 'unmatched', 'shopify:s1': 'unmatched' },
  },
];

describe('matching KiTS and Shopify variants', () => {
  it.each(cases)('$name', ({ input, pairs, review }) => {
    const result = matchCatalog(input);
    expect(result.pairs.map((p) => [p.variantId, p.shopifyVariantId, p.by])).toEqual(pairs);
    expect(Object.fromEntries(result.review.map((r) => [`${r.side}:${r.id}`, r.state]))).toEqual(review);
    // Every reviewed variant says why, and no variant is both linked and reviewed.
    for (const item of result.review) expect(item.reason).not.toBe('');
    const linked = new Set(result.pairs.flatMap((p) => [`kits:${p.variantId}`, `shopify:${p.shopifyVariantId}`]));
    for (const item of result.review) expect(linked.has(`${item.side}:${item.id}`)).toBe(false);
  });

  it('links each variant at most once, whatever the input', () => {
    const kits = Array.from({ length: 60 }, (_, i) => k(`k${i}`, `SKU-${i % 40}`, [`B${i % 25}`]));
    const shopify = Array.from({ length: 60 }, (_, i) => s(`s${i}`, `SKU-${(i * 7) % 45}`, `B${(i * 3) % 30}`));
    const { pairs, review } = matchCatalog({ kits, shopify });
    expect(new Set(pairs.map((p) => p.variantId)).size).toBe(pairs.length);
    expect(new Set(pairs.map((p) => p.shopifyVariantId)).size).toBe(pairs.length);
    expect(pairs.length * 2 + review.length).toBe(kits.length + shopify.length);
  });
});
