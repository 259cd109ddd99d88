import { decimalToMinor, currencyExponent } from '@kits/plugin-sdk/money';
import { gid, gidNumber } from './ids.ts';
import type { LevelRecord, ProductRecord, ProductStatus, VariantRecord } from './store.ts';
import { type GraphContext, productView, quantityOf, inventoryItemView, locationView, variantView, iso } from './graph-views.ts';

/**
 * The Mutation root: what each mutation checks (answered as `userErrors`, as Shopify does, with
 * nothing changed) and what it changes. Messages are the ones Shopify's reference gives for each code.
 */

type UserError = { field: string[] | null; message: string; code?: string };

/** inventorySetQuantities' `reason`: the values Shopify documents for inventory changes. */
const INVENTORY_REASONS = new Set([
  'correction',
  'cycle_count_available',
  'damaged',
  'movement_created',
  'movement_updated',
  'movement_received',
  'movement_canceled',
  'other',
  'promotion',
  'quality_control',
  'received',
  'reservation_created',
  'reservation_deleted',
  'reservation_updated',
  'restock',
  'safety_stock',
  'shrinkage',
]);
const QUANTITY_LIMIT = 1_000_000_000;

interface QuantityInput {
  inventoryItemId: string;
  locationId: string;
  quantity: number;
  compareQuantity?: number | null;
}

interface SetQuantitiesInput {
  name: string;
  reason: string;
  referenceDocumentUri?: string | null;
  ignoreCompareQuantity?: boolean | null;
  quantities: QuantityInput[];
}

interface OptionValueInput {
  id?: string | null;
  name?: string | null;
  optionId?: string | null;
  optionName?: string | null;
}

interface VariantSetInput {
  id?: string | null;
  sku?: string | null;
  barcode?: string | null;
  price?: string | null;
  optionValues: OptionValueInput[];
  inventoryItem?: { sku?: string | null; tracked?: boolean | null } | null;
}

interface ProductSetInput {
  id?: string | null;
  title?: string | null;
  status?: ProductStatus | null;
  productOptions?: { name?: string | null; values?: { name?: string | null }[] | null }[] | null;
  variants?: VariantSetInput[] | null;
}

export interface InventoryChangeRecord {
  name: string;
  delta: number;
  quantityAfterChange: number;
  inventoryItemId: number;
  locationId: number;
}

function price(text: string | null | undefined, currency: string): number | undefined {
  if (text === null || text === undefined) return undefined;
  return decimalToMinor(String(text).trim(), currencyExponent(currency));
}

export function mutationRoot(context: GraphContext) {
  const { store } = context;

  return {
    inventorySetQuantities: ({ input }: { input: SetQuantitiesInput }) => {
      const errors: UserError[] = [];
      const error = (code: string, field: string[], message: string) => errors.push({ code, field, message });
      if (input.name !== 'available' && input.name !== 'on_hand') {
        error('INVALID_NAME', ['input', 'name'], "The quantity name must be either 'available' or 'on_hand'.");
      }
      if (!INVENTORY_REASONS.has(input.reason)) error('INVALID_REASON', ['input', 'reason'], 'The specified reason is invalid.');
      if (input.referenceDocumentUri && !/^[a-z][a-z0-9+.-]*:\S+$/i.test(input.referenceDocumentUri)) {
        error('INVALID_REFERENCE_DOCUMENT', ['input', 'referenceDocumentUri'], 'The specified reference document is invalid.');
      }
      const seen = new Set<string>();
      const targets: { level: LevelRecord; quantity: number }[] = [];
      input.quantities.forEach((q, i) => {
        const at = (field: string) => ['input', 'quantities', String(i), field];
        const itemId = gidNumber(q.inventoryItemId, 'InventoryItem');
        const locationId = gidNumber(q.locationId, 'Location');
        if (itemId === undefined || !store.inventoryItems.has(itemId)) {
          return error('INVALID_INVENTORY_ITEM', at('inventoryItemId'), 'The specified inventory item could not be found.');
        }
        if (locationId === undefined || !store.locations.has(locationId)) {
          return error('INVALID_LOCATION', at('locationId'), 'The specified location could not be found.');
        }
        const key = `${itemId}:${locationId}`;
        if (seen.has(key)) {
          return error(
            'NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR',
            at('inventoryItemId'),
            'The combination of inventoryItemId and locationId must be unique.',
          );
        }
        seen.add(key);
        const level = store.level(itemId, locationId);
        if (!level)
          return error('ITEM_NOT_STOCKED_AT_LOCATION', at('locationId'), 'The specified inventory item is not stocked at the location.');
        if (q.quantity > QUANTITY_LIMIT)
          return error('INVALID_QUANTITY_TOO_HIGH', at('quantity'), "The total quantity can't be higher than 1,000,000,000.");
        if (q.quantity < -QUANTITY_LIMIT)
          return error('INVALID_QUANTITY_TOO_LOW', at('quantity'), "The total quantity can't be lower than -1,000,000,000.");
        if (input.name === 'on_hand' && q.quantity < 0)
          return error('INVALID_QUANTITY_NEGATIVE', at('quantity'), "The quantity can't be negative.");
        if (!input.ignoreCompareQuantity) {
          if (q.compareQuantity === null || q.compareQuantity === undefined) {
            return error(
              'COMPARE_QUANTITY_REQUIRED',
              at('compareQuantity'),
              'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.',
            );
          }
          if (q.compareQuantity !== quantityOf(level, input.name)) {
            return error('COMPARE_QUANTITY_STALE', at('compareQuantity'), 'The compareQuantity value does not match persisted value.');
          }
        }
        targets.push({ level, quantity: q.quantity });
      });
      if (errors.length > 0) return { inventoryAdjustmentGroup: null, userErrors: errors };

      const changes: InventoryChangeRecord[] = [];
      for (const { level, quantity } of targets) {
        const delta = quantity - quantityOf(level, input.name);
        if (delta === 0) continue;
        // Setting `available` or `on_hand` moves both: on_hand = available + committed.
        store.moveLevel(level.inventoryItemId, level.locationId, { available: delta });
        for (const name of ['available', 'on_hand']) {
          changes.push({
            name,
            delta,
            quantityAfterChange: quantityOf(level, name),
            inventoryItemId: level.inventoryItemId,
            locationId: level.locationId,
          });
        }
      }
      // Nothing moved: Shopify records no adjustment group.
      if (changes.length === 0) return { inventoryAdjustmentGroup: null, userErrors: [] };
      const groupId = store.newId();
      const createdAt = store.now();
      return {
        inventoryAdjustmentGroup: {
          __typename: 'InventoryAdjustmentGroup',
          id: gid('InventoryAdjustmentGroup', groupId),
          createdAt: iso(createdAt),
          reason: input.reason,
          referenceDocumentUri: input.referenceDocumentUri ?? null,
          changes: (filter: { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null }) =>
            changes
              .filter((c) => !filter.quantityNames || filter.quantityNames.includes(c.name))
              .filter((c) => !filter.inventoryItemIds || filter.inventoryItemIds.includes(gid('InventoryItem', c.inventoryItemId)))
              .filter((c) => !filter.locationIds || filter.locationIds.includes(gid('Location', c.locationId)))
              .map((c) => ({
                name: c.name,
                delta: c.delta,
                quantityAfterChange: c.quantityAfterChange,
                ledgerDocumentUri: null,
                item: () => inventoryItemView(store, store.inventoryItems.get(c.inventoryItemId)!),
                location: () => locationView(store, store.locations.get(c.locationId)!),
              })),
        },
        userErrors: [],
      };
    },

    productSet: ({
      input,
      identifier,
      synchronous,
    }: {
      input: ProductSetInput;
      identifier?: { id?: string | null } | null;
      synchronous: boolean;
    }) => {
      const fail = (code: string, field: string[], message: string) => ({
        product: null,
        productSetOperation: null,
        userErrors: [{ code, field, message }],
      });
      if (identifier?.id && input.id)
        return fail('ID_NOT_ALLOWED', ['input', 'id'], 'The id field is not allowed if identifier is provided.');
      const targetId = identifier?.id ?? input.id;
      let product: ProductRecord | undefined;
      if (targetId) {
        product = store.products.get(gidNumber(targetId, 'Product') ?? -1);
        if (!product)
          return fail('PRODUCT_DOES_NOT_EXIST', identifier?.id ? ['identifier', 'id'] : ['input', 'id'], 'Product does not exist');
      } else if (!input.title?.trim()) {
        return fail('INVALID_PRODUCT', ['input', 'title'], "Title can't be blank");
      }
      const variants = input.variants ?? [];
      if (variants.length > 0 && !input.productOptions?.length) {
        return fail(
          'PRODUCT_OPTIONS_INPUT_MISSING',
          ['input', 'productOptions'],
          'Product options input is required when updating variants.',
        );
      }
      const options = (input.productOptions ?? []).map((o) => ({ name: o.name ?? '', values: (o.values ?? []).map((v) => v.name ?? '') }));
      const names = options.map((o) => o.name);
      if (new Set(names).size !== names.length)
        return fail('DUPLICATED_OPTION_NAME', ['input', 'productOptions'], 'Duplicated option name.');
      const planned: {
        existing: VariantRecord | undefined;
        sku: string | null;
        barcode: string | null;
        price: number;
        selectedOptions: { name: string; value: string }[];
        tracked: boolean | undefined;
      }[] = [];
      for (const [i, v] of variants.entries()) {
        const at = (field: string) => ['input', 'variants', String(i), field];
        const selected: { name: string; value: string }[] = [];
        for (const value of v.optionValues) {
          const option = options.find((o) => o.name === value.optionName);
          if (!option) return fail('OPTION_DOES_NOT_EXIST', at('optionValues'), 'Option does not exist');
          if (!option.values.includes(value.name ?? ''))
            return fail('OPTION_VALUE_DOES_NOT_EXIST', at('optionValues'), 'Option value does not exist');
          selected.push({ name: option.name, value: value.name ?? '' });
        }
        if (selected.length !== options.length)
          return fail('OPTION_VALUES_MISSING', at('optionValues'), 'Variant must have a value for every option.');
        const amount = v.price === null || v.price === undefined ? 0 : price(v.price, store.currency);
        if (amount === undefined || amount < 0)
          return fail('INVALID_VARIANT', at('price'), 'Price must be a decimal amount of at least 0.');
        let existing: VariantRecord | undefined;
        if (v.id) {
          existing = store.variants.get(gidNumber(v.id, 'ProductVariant') ?? -1);
          if (!existing || existing.productId !== product?.id)
            return fail('PRODUCT_VARIANT_DOES_NOT_EXIST', at('id'), 'Product variant does not exist');
        } else if (product) {
          existing = store
            .variantsOf(product)
            .find(
              (old) =>
                old.selectedOptions.every((o, k) => selected[k]?.name === o.name && selected[k]?.value === o.value) &&
                old.selectedOptions.length === selected.length,
            );
        }
        planned.push({
          existing,
          sku: v.inventoryItem?.sku ?? v.sku ?? null,
          barcode: v.barcode ?? null,
          price: amount,
          selectedOptions: selected,
          tracked: v.inventoryItem?.tracked ?? undefined,
        });
      }

      if (!product) {
        product = store.addProduct({ title: input.title!.trim(), status: input.status ?? 'ACTIVE', variants: [] });
        // addProduct gave it Shopify's default variant; productSet replaces it when variants are given.
        if (planned.length > 0) for (const id of [...product.variantIds]) store.removeVariant(id);
      } else {
        if (input.title) product.title = input.title;
        if (input.status) product.status = input.status;
      }
      if (input.productOptions?.length) {
        product.options = options.map((o) => ({
          id: product!.options.find((old) => old.name === o.name)?.id ?? store.newId(),
          name: o.name,
          values: o.values,
        }));
      }
      if (planned.length > 0) {
        const kept = new Set(planned.map((p) => p.existing?.id).filter((id): id is number => id !== undefined));
        for (const old of store.variantsOf(product)) if (!kept.has(old.id)) store.removeVariant(old.id);
        const ordered: number[] = [];
        for (const plan of planned) {
          if (plan.existing) {
            Object.assign(plan.existing, {
              sku: plan.sku,
              barcode: plan.barcode,
              price: plan.price,
              selectedOptions: plan.selectedOptions,
              updatedAt: store.now(),
            });
            const item = store.inventoryItems.get(plan.existing.inventoryItemId);
            if (item && plan.tracked !== undefined) item.tracked = plan.tracked;
            ordered.push(plan.existing.id);
          } else {
            ordered.push(
              store.addVariant(product, {
                sku: plan.sku,
                barcode: plan.barcode,
                price: plan.price,
                selectedOptions: plan.selectedOptions,
                tracked: plan.tracked,
              }).id,
            );
          }
        }
        // Variants keep the order the input gave.
        product.variantIds = ordered;
      }
      store.touchProduct(product);
      if (!synchronous)
        return {
          product: null,
          productSetOperation: { __typename: 'ProductSetOperation', id: gid('ProductSetOperation', store.newId()) },
          userErrors: [],
        };
      return { product: productView(store, product), productSetOperation: null, userErrors: [] };
    },

    productVariantsBulkUpdate: ({
      productId,
      variants,
      allowPartialUpdates,
    }: {
      productId: string;
      variants: {
        id?: string | null;
        price?: string | null;
        barcode?: string | null;
        inventoryItem?: { sku?: string | null; tracked?: boolean | null } | null;
      }[];
      allowPartialUpdates: boolean;
    }) => {
      const product = store.products.get(gidNumber(productId, 'Product') ?? -1);
      if (!product)
        return {
          product: null,
          productVariants: null,
          userErrors: [{ code: 'PRODUCT_DOES_NOT_EXIST', field: ['productId'], message: 'Product does not exist' }],
        };
      const errors: UserError[] = [];
      const changes: { variant: VariantRecord; apply: () => void }[] = [];
      variants.forEach((input, i) => {
        const at = (field: string) => ['variants', String(i), field];
        if (!input.id)
          return errors.push({ code: 'PRODUCT_VARIANT_ID_MISSING', field: at('id'), message: 'Product variant is missing ID attribute.' });
        const variant = store.variants.get(gidNumber(input.id, 'ProductVariant') ?? -1);
        if (!variant)
          return errors.push({ code: 'PRODUCT_VARIANT_DOES_NOT_EXIST', field: at('id'), message: 'Product variant does not exist' });
        if (variant.productId !== product.id)
          return errors.push({ code: 'MUST_BE_FOR_THIS_PRODUCT', field: at('id'), message: 'Input must be for this product.' });
        const amount = input.price === null || input.price === undefined ? undefined : price(input.price, store.currency);
        if (input.price !== null && input.price !== undefined && (amount === undefined || amount < 0)) {
          return errors.push({ code: 'GREATER_THAN_OR_EQUAL_TO', field: at('price'), message: 'Price must be greater than or equal to 0' });
        }
        changes.push({
          variant,
          apply: () => {
            if (amount !== undefined) variant.price = amount;
            if (input.barcode !== undefined) variant.barcode = input.barcode;
            if (input.inventoryItem?.sku !== undefined) variant.sku = input.inventoryItem.sku;
            const item = store.inventoryItems.get(variant.inventoryItemId);
            if (item && typeof input.inventoryItem?.tracked === 'boolean') item.tracked = input.inventoryItem.tracked;
            variant.updatedAt = store.now();
          },
        });
      });
      if (errors.length > 0 && !allowPartialUpdates) return { product: null, productVariants: null, userErrors: errors };
      for (const change of changes) change.apply();
      if (changes.length > 0) store.touchProduct(product);
      return {
        product: productView(store, product),
        productVariants: changes.map((c) => variantView(store, c.variant)),
        userErrors: errors,
      };
    },

    productUpdate: ({
      product: input,
    }: {
      product?: { id?: string | null; title?: string | null; status?: ProductStatus | null } | null;
    }) => {
      const product = input?.id ? store.products.get(gidNumber(input.id, 'Product') ?? -1) : undefined;
      if (!product) return { product: null, userErrors: [{ field: ['id'], message: 'Product does not exist' }] };
      if (input!.title !== undefined && input!.title !== null && !input!.title.trim()) {
        return { product: null, userErrors: [{ field: ['title'], message: "Title can't be blank" }] };
      }
      if (input!.title) product.title = input!.title;
      if (input!.status) product.status = input!.status;
      store.touchProduct(product);
      return { product: productView(store, product), userErrors: [] };
    },

    webhookSubscriptionCreate: ({
      topic,
      webhookSubscription,
    }: {
      topic: string;
      webhookSubscription: { uri?: string | null; callbackUrl?: string | null; format?: 'JSON' | 'XML' | null };
    }) => {
      const uri = webhookSubscription.uri ?? webhookSubscription.callbackUrl;
      const field = ['webhookSubscription', webhookSubscription.uri ? 'uri' : 'callbackUrl'];
      if (!uri) return { webhookSubscription: null, userErrors: [{ field, message: "Address can't be blank" }] };
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        return { webhookSubscription: null, userErrors: [{ field, message: 'Address is invalid' }] };
      }
      // Shopify delivers to HTTPS only; the double also accepts plain HTTP so a local kernel can receive.
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        return { webhookSubscription: null, userErrors: [{ field, message: `Address protocol ${url.protocol}// is not supported` }] };
      }
      if (store.subscriptions.some((s) => s.topic === topic && s.uri === uri)) {
        return { webhookSubscription: null, userErrors: [{ field, message: 'Address for this topic has already been taken' }] };
      }
      const record = { id: store.newId(), topic, uri, format: webhookSubscription.format ?? 'JSON', createdAt: store.now() };
      store.subscriptions.push(record);
      return {
        webhookSubscription: {
          __typename: 'WebhookSubscription',
          id: gid('WebhookSubscription', record.id),
          topic,
          format: record.format,
          uri,
          callbackUrl: uri,
          createdAt: iso(record.createdAt),
          updatedAt: iso(record.createdAt),
        },
        userErrors: [],
      };
    },
  };
}
