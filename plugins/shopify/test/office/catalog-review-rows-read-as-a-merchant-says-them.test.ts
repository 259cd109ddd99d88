import { describe, expect, it } from 'vitest';
import {
  codesText,
  kitsItemName,
  optionsText,
  reviewKey,
  shopifyProductsOf,
  sideOf,
  tabOf,
} from '../../src/office/catalog/catalog-words.ts';
import { sharesACode, shopifyVariantMatches } from '../../src/office/catalog/review-list.ts';
import type { ReviewItem } from '../../src/office/shopify-api.ts';

const row = (over: Partial<ReviewItem>): ReviewItem => ({
  variantId: null,
  sku: '',
  barcodes: [],
  productName: '',
  options: {},
  shopifyVariantId: null,
  shopifyTitle: '',
  state: 'unmatched',
  reason: '',
  ...over,
});

const mugInKits = row({
  variantId: 'v1',
  sku: 'MUG-BLK',
  barcodes: ['4006381333931'],
  productName: 'Ceramic Mug',
  options: { Colour: 'Black' },
});
const mugOnShopify = row({
  shopifyVariantId: 'gid://shopify/ProductVariant/11',
  shopifyProductId: 'gid://shopify/Product/1',
  shopifyTitle: 'Mug - Black',
  sku: 'MUG-B',
});
const mugLargeOnShopify = row({
  shopifyVariantId: 'gid://shopify/ProductVariant/12',
  shopifyProductId: 'gid://shopify/Product/1',
  shopifyTitle: 'Mug - Large',
});
const teaOnShopify = row({
  shopifyVariantId: 'gid://shopify/ProductVariant/21',
  shopifyProductId: 'gid://shopify/Product/2',
  shopifyTitle: 'Tea',
  barcodes: ['5000000000001'],
});

describe('catalog review rows', () => {
  it('name a KiTS item with its options, leaving out Shopify’s "Default Title"', () => {
    expect(kitsItemName(mugInKits)).toBe('Ceramic Mug — Black');
    expect(optionsText({ Size: 'Large', Colour: 'Black' })).toBe('Large / Black');
    expect(optionsText({ Title: 'Default Title' })).toBe('');
    expect(codesText(mugInKits)).toBe('MUG-BLK · 4006381333931');
  });

  it('tell which side a row is on, and key each row uniquely', () => {
    expect([mugInKits, mugOnShopify, { ...mugInKits, shopifyVariantId: 'x' }].map(sideOf)).toEqual(['kits', 'shopify', 'both']);
    expect(new Set([mugInKits, mugOnShopify, mugLargeOnShopify].map(reviewKey)).size).toBe(3);
  });

  it('import each ticked Shopify product once, and never a KiTS-only row', () => {
    const items = [mugInKits, mugOnShopify, mugLargeOnShopify, teaOnShopify];
    const ticked = new Set([mugInKits, mugOnShopify, mugLargeOnShopify].map(reviewKey));
    expect(shopifyProductsOf(items, ticked)).toEqual(['gid://shopify/Product/1']);
    expect(shopifyProductsOf(items, new Set(items.map(reviewKey)))).toEqual(['gid://shopify/Product/1', 'gid://shopify/Product/2']);
  });

  it('find a Shopify variant by title, SKU or barcode in any case', () => {
    expect(shopifyVariantMatches(mugOnShopify, 'black')).toBe(true);
    expect(shopifyVariantMatches(mugOnShopify, 'mug-b')).toBe(true);
    expect(shopifyVariantMatches(teaOnShopify, '500000')).toBe(true);
    expect(shopifyVariantMatches(teaOnShopify, 'coffee')).toBe(false);
  });

  it('offer as candidates of an ambiguous item the Shopify variants sharing its SKU (any case) or a barcode', () => {
    expect(sharesACode(mugInKits, row({ sku: 'mug-blk' }))).toBe(true);
    expect(sharesACode(mugInKits, row({ sku: 'OTHER', barcodes: ['4006381333931'] }))).toBe(true);
    expect(sharesACode(mugInKits, mugOnShopify)).toBe(false);
    expect(sharesACode(row({ sku: '' }), row({ sku: '' }))).toBe(false);
  });

  it('open the tab the link names, the unmatched one otherwise', () => {
    expect(tabOf(new URLSearchParams('state=ambiguous'))).toBe('ambiguous');
    expect(tabOf(new URLSearchParams('state=products'))).toBe('products');
    expect(tabOf(new URLSearchParams('state=nonsense'))).toBe('unmatched');
    expect(tabOf(new URLSearchParams(''))).toBe('unmatched');
  });
});
