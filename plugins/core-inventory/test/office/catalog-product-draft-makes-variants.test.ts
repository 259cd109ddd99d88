import { describe, expect, it } from 'vitest';
import { createBody, emptyDraft, generateVariants, newKey, saveBody, type ProductDraft } from '../../src/office/catalog/product-draft.ts';

// The product editor's pure part: option axes → variants, and the request body with each typed
// barcode and price mapped to where it went (so the kernel's problems land beside the right box).
const withAxes = (draft: ProductDraft, ...axes: Array<[string, string]>): ProductDraft => ({
  ...draft,
  axes: axes.map(([name, values]) => ({ key: newKey(), name, values })),
});

describe('the product editor’s draft', () => {
  it('makes one variant per combination, the first taking the blank one with its price, the rest copying it', () => {
    const blank = emptyDraft('EUR');
    const priced = {
      ...blank,
      name: 'Trail Jacket',
      variants: [{ ...blank.variants[0]!, prices: [{ ...blank.variants[0]!.prices[0]!, amount: 12900 }] }],
    };
    const draft = generateVariants(withAxes(priced, ['Size', 'S, M , S'], ['Colour', 'Red,Blue']), 'EUR');
    expect(draft.variants.map((v) => v.sku)).toEqual([
      'TRAILJACKET-S-RED',
      'TRAILJACKET-S-BLUE',
      'TRAILJACKET-M-RED',
      'TRAILJACKET-M-BLUE',
    ]);
    expect(draft.variants[0]!.key).toBe(priced.variants[0]!.key);
    expect(draft.variants.map((v) => v.prices[0]!.amount)).toEqual([12900, 12900, 12900, 12900]);
    expect(createBody(draft).body.variants.map((v) => v.options)).toEqual([
      { Size: 'S', Colour: 'Red' },
      { Size: 'S', Colour: 'Blue' },
      { Size: 'M', Colour: 'Red' },
      { Size: 'M', Colour: 'Blue' },
    ]);
  });

  it('keeps variants that have their combination (with what was typed on them) and the saved ones whose value is gone', () => {
    const first = generateVariants(withAxes({ ...emptyDraft('EUR'), name: 'Tee' }, ['Size', 'S, M']), 'EUR');
    const typed = { ...first, variants: first.variants.map((v, i) => (i === 1 ? { ...v, sku: 'TEE-MEDIUM', id: 'saved-m' } : v)) };
    const fewer = generateVariants({ ...typed, axes: [{ ...typed.axes[0]!, values: 'S, L' }] }, 'EUR');
    expect(fewer.variants.map((v) => v.sku)).toEqual(['TEE-S', 'TEE-L', 'TEE-MEDIUM']);
  });

  it.each([
    ['a blank barcode before a typed one', ['', '4006381333931'], 1, 0],
    ['typed barcodes in order', ['4006381333931', 'SHELF-1'], 1, 1],
    ['a blank barcode itself', ['SHELF-1', ''], 1, -1],
  ] as const)('maps %s to the body’s index', (_case, codes, draftIndex, bodyIndex) => {
    const draft = emptyDraft('EUR');
    const variant = { ...draft.variants[0]!, sku: 'A', barcodes: codes.map((code) => ({ key: newKey(), code })) };
    const { body, index } = saveBody({ ...draft, name: 'A', variants: [variant] }, 3);
    expect(body.expectedRevision).toBe(3);
    expect(body.variants[0]!.barcodes).toEqual(codes.filter(Boolean).map((code) => ({ code })));
    expect(index.barcode(0, draftIndex)).toBe(bodyIndex);
  });
});
