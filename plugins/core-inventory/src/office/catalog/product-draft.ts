import type { Product } from './catalog-api.ts';

/**
 * The product editor's state: what the merchant typed, kept as typed until it is saved (a refused
 * save keeps it). Options are keyed by their axis's `key`, so renaming an axis keeps its values.
 */
export interface PriceDraft {
  readonly key: string;
  readonly currency: string;
  /** '' = every location. */
  readonly locationId: string;
  readonly amount: number | undefined;
}
export interface BarcodeDraft {
  readonly key: string;
  readonly code: string;
}
export interface VariantDraft {
  readonly key: string;
  /** Set once saved. */
  readonly id?: string;
  readonly sku: string;
  /** axis key → value */
  readonly options: Readonly<Record<string, string>>;
  readonly barcodes: readonly BarcodeDraft[];
  readonly prices: readonly PriceDraft[];
  readonly cost: { readonly currency: string; readonly amount: number | undefined };
  readonly status: 'active' | 'archived';
}
export interface AxisDraft {
  readonly key: string;
  readonly name: string;
  /** The values as typed: "S, M, L". */
  readonly values: string;
}
export interface ProductDraft {
  readonly name: string;
  readonly description: string;
  readonly unit: string;
  readonly taxClass: string;
  readonly axes: readonly AxisDraft[];
  readonly variants: readonly VariantDraft[];
}

let keys = 0;
export const newKey = (): string => `d${(keys += 1)}`;

export const newVariant = (currency: string, prices: readonly PriceDraft[] = []): VariantDraft => ({
  key: newKey(),
  sku: '',
  options: {},
  barcodes: [],
  prices:
    prices.length > 0
      ? prices.map((price) => ({ ...price, key: newKey() }))
      : [{ key: newKey(), currency, locationId: '', amount: undefined }],
  cost: { currency, amount: undefined },
  status: 'active',
});

export const emptyDraft = (currency: string): ProductDraft => ({
  name: '',
  description: '',
  unit: 'piece',
  taxClass: 'standard',
  axes: [],
  variants: [newVariant(currency)],
});

/** The editor's state for a stored product. */
export function draftOf(product: Product, currency: string): ProductDraft {
  const axes = product.optionAxes.map((name) => ({
    key: newKey(),
    name,
    values: [...new Set(product.variants.map((v) => v.options[name]).filter((value): value is string => Boolean(value)))].join(', '),
  }));
  return {
    name: product.name,
    description: product.description,
    unit: product.unit,
    taxClass: product.taxClass,
    axes,
    variants: product.variants.map((variant) => ({
      key: newKey(),
      id: variant.id,
      sku: variant.sku,
      options: Object.fromEntries(axes.flatMap((axis) => (variant.options[axis.name] ? [[axis.key, variant.options[axis.name]!]] : []))),
      barcodes: variant.barcodes.map((barcode) => ({ key: newKey(), code: barcode.code })),
      prices: variant.prices.map((price) => ({
        key: newKey(),
        currency: price.currency,
        locationId: price.locationId ?? '',
        amount: price.amount,
      })),
      cost: variant.cost ? { ...variant.cost } : { currency, amount: undefined },
      status: variant.status === 'archived' ? 'archived' : 'active',
    })),
  };
}

/** An axis's distinct values, as typed ("S, M ,L,,M" → S, M, L). */
export const axisValues = (axis: AxisDraft): string[] => [
  ...new Set(
    axis.values
      .split(',')
      .map((value) => value.trim())
      .filter(Boolean),
  ),
];

const skuPart = (value: string) => value.toUpperCase().replace(/[^A-Z0-9]+/g, '');

/** "S / Red" — how a variant is called in the editor. */
export const variantTitle = (draft: ProductDraft, variant: VariantDraft, index: number): string =>
  draft.axes
    .map((axis) => variant.options[axis.key])
    .filter(Boolean)
    .join(' / ') ||
  variant.sku ||
  `Variant ${index + 1}`;

/**
 * One variant per combination of the axes' values (size × colour). Variants that already have a
 * combination keep it (with everything typed on them); a variant with no options yet takes the
 * first free combination; new variants get a SKU from the first one's and copy its prices.
 * Unsaved variants whose combination is gone are dropped; saved ones stay (archive them to stop selling).
 */
export function generateVariants(draft: ProductDraft, currency: string): ProductDraft {
  const axes = draft.axes.filter((axis) => axisValues(axis).length > 0);
  if (axes.length === 0) return draft;
  let combinations: Array<Record<string, string>> = [{}];
  for (const axis of axes)
    combinations = combinations.flatMap((combination) => axisValues(axis).map((value) => ({ ...combination, [axis.key]: value })));
  const sameCombination = (options: Readonly<Record<string, string>>, combination: Record<string, string>) =>
    axes.every((axis) => options[axis.key] === combination[axis.key]);
  const first = draft.variants[0];
  const base = first?.sku.replace(/-[^-]*$/, '') || skuPart(draft.name).slice(0, 12) || 'SKU';
  const unused = draft.variants.filter((variant) => Object.keys(variant.options).length === 0 && !variant.id);
  const result: VariantDraft[] = [];
  for (const combination of combinations) {
    const existing = draft.variants.find((variant) => sameCombination(variant.options, combination));
    if (existing) {
      result.push(existing);
      continue;
    }
    const sku = [base, ...axes.map((axis) => skuPart(combination[axis.key]!))].join('-');
    const reused = unused.shift();
    result.push(
      reused
        ? { ...reused, options: combination, sku: reused.sku || sku }
        : { ...newVariant(currency, first?.prices), sku, options: combination },
    );
  }
  const keptSaved = draft.variants.filter((variant) => variant.id && !result.includes(variant));
  return { ...draft, variants: [...result, ...keptSaved] };
}

/** Where each typed barcode and price went in the request body (blank rows are left out), to put the kernel's problems back beside them. */
export interface BodyIndex {
  barcode(variant: number, draftIndex: number): number;
  price(variant: number, draftIndex: number): number;
}

function variantBody(draft: ProductDraft, variant: VariantDraft) {
  const options = Object.fromEntries(
    draft.axes.flatMap((axis) => (variant.options[axis.key]?.trim() ? [[axis.name.trim(), variant.options[axis.key]!.trim()]] : [])),
  );
  return {
    sku: variant.sku.trim(),
    options,
    barcodes: variant.barcodes.filter((barcode) => barcode.code.trim()).map((barcode) => ({ code: barcode.code.trim() })),
    prices: variant.prices
      .filter((price) => price.amount !== undefined)
      .map((price) => ({ currency: price.currency, amount: price.amount!, ...(price.locationId ? { locationId: price.locationId } : {}) })),
    ...(variant.cost.amount !== undefined ? { cost: { currency: variant.cost.currency, amount: variant.cost.amount } } : {}),
  };
}

function bodyIndex(draft: ProductDraft): BodyIndex {
  const position = (kept: boolean[], draftIndex: number) => (kept[draftIndex] ? kept.slice(0, draftIndex).filter(Boolean).length : -1);
  return {
    barcode: (v, b) =>
      position(
        (draft.variants[v]?.barcodes ?? []).map((x) => Boolean(x.code.trim())),
        b,
      ),
    price: (v, p) =>
      position(
        (draft.variants[v]?.prices ?? []).map((x) => x.amount !== undefined),
        p,
      ),
  };
}

const optionAxes = (draft: ProductDraft) => draft.axes.map((axis) => axis.name.trim()).filter(Boolean);

/** POST /products: a new product. */
export function createBody(draft: ProductDraft) {
  return {
    body: {
      name: draft.name.trim(),
      ...(draft.description.trim() ? { description: draft.description } : {}),
      unit: draft.unit,
      taxClass: draft.taxClass.trim(),
      optionAxes: optionAxes(draft),
      variants: draft.variants.map((variant) => variantBody(draft, variant)),
    },
    index: bodyIndex(draft),
  };
}

/** PUT /products/:id: the whole product, refused if someone saved it since `revision`. */
export function saveBody(draft: ProductDraft, revision: number) {
  return {
    body: {
      name: draft.name.trim(),
      description: draft.description,
      taxClass: draft.taxClass.trim(),
      optionAxes: optionAxes(draft),
      expectedRevision: revision,
      variants: draft.variants.map((variant) => ({
        ...(variant.id ? { id: variant.id } : {}),
        ...variantBody(draft, variant),
        status: variant.status,
      })),
    },
    index: bodyIndex(draft),
  };
}
