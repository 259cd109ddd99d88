import {
  acceptedCurrencies,
  CurrencyCode,
  FreeText,
  MoneyInput,
  NonBlankText,
  Nullable,
  Page,
  PageQuery,
  pageRequest,
  requireAcceptedCurrency,
  Timestamp,
  Type,
  Uuid,
  type RouteRegistrar,
  type ServiceLocator,
  type TenantTransaction,
} from '@kits/plugin-sdk';
import { describeVariantNames, describeVariants } from '../orders/order-store.ts';
import type { PurchasingSettings } from '../settings.ts';
import { createSupplier, deleteSupplierItem, listSuppliers, putSupplierItem, readSupplier, updateSupplier } from './supplier-store.ts';

const Contact = Type.Object(
  {
    name: NonBlankText(200),
    role: Type.Optional(FreeText(100)),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    phone: Type.Optional(NonBlankText(40)),
  },
  { additionalProperties: false },
);
const SupplierFields = {
  name: NonBlankText(200),
  currency: CurrencyCode,
  paymentTermsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'Net days; 0 = payment on receipt' })),
  leadTimeDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365 })),
  email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
  phone: Type.Optional(NonBlankText(40)),
  address: Type.Optional(FreeText(1000)),
  notes: Type.Optional(FreeText(2000)),
  contacts: Type.Optional(Type.Array(Contact, { maxItems: 20 })),
};
const SupplierItemBody = Type.Object(
  {
    supplierSku: NonBlankText(64),
    packSize: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitCost: MoneyInput,
    preferred: Type.Optional(Type.Boolean({ default: false })),
  },
  { additionalProperties: false },
);
const Item = Type.Object({
  variantId: Uuid,
  supplierSku: Type.String(),
  packSize: Type.Integer(),
  unitCost: MoneyInput,
  preferred: Type.Boolean(),
});
const summaryFields = {
  id: Uuid,
  name: Type.String(),
  currency: Type.String(),
  paymentTermsDays: Type.Integer(),
  leadTimeDays: Type.Integer(),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  address: Type.String(),
  notes: Type.String(),
  status: Type.String(),
  revision: Type.Integer(),
  updatedAt: Timestamp,
};
const SupplierSummary = Type.Object(summaryFields);
const NamedItem = Type.Object({
  ...Item.properties,
  sku: Type.String({ description: "The variant's own SKU (empty when the variant no longer exists)" }),
  name: Type.String({ description: "The variant's name as the catalog says it, so a person can read the list" }),
});
const Supplier = Type.Object({
  ...summaryFields,
  contacts: Type.Array(
    Type.Object({ name: Type.String(), role: Type.String(), email: Nullable(Type.String()), phone: Nullable(Type.String()) }),
  ),
  items: Type.Array(NamedItem, { description: 'What the supplier sells us: each variant with its name and SKU from inventory@1' }),
});
const SupplierParams = Type.Object({ supplierId: Uuid });

/** A supplier with each item named through inventory@1 (a back office lists items by name, not by id). */
async function namedSupplier(tx: TenantTransaction, services: ServiceLocator, id: string) {
  const supplier = await readSupplier(tx, id);
  const variants = await describeVariantNames(
    services,
    supplier.items.map((i) => i.variantId),
    supplier.currency,
  );
  return {
    ...supplier,
    items: supplier.items.map((item) => ({
      ...item,
      sku: variants.get(item.variantId)?.sku ?? '',
      name: variants.get(item.variantId)?.name ?? 'Item no longer in the catalog',
    })),
  };
}

/** A supplier is paid in the tenant's currency, or one purchasing's `otherCurrencies` setting lists (suppliers abroad). */
async function requireSupplierCurrencyTaken(tx: TenantTransaction, settings: PurchasingSettings, currency: string): Promise<void> {
  requireAcceptedCurrency(currency, 'body.currency', await acceptedCurrencies(tx, settings.otherCurrencies ?? []));
}

/** Suppliers: who we buy from, in which currency, on what terms, and what each sells us. */
export function registerSupplierRoutes(routes: RouteRegistrar<PurchasingSettings>): void {
  routes.post('/suppliers', {
    permission: 'purchasing:suppliers.write',
    schema: {
      summary: 'Create a supplier with its contacts, currency, payment terms and lead time',
      body: Type.Object(SupplierFields, { additionalProperties: false }),
      response: { 201: Supplier },
    },
    async handler(request, reply) {
      await requireSupplierCurrencyTaken(request.tx, request.settings, request.body.currency);
      const id = await createSupplier(request.tx, request.body);
      await request.tx.audit('purchasing.supplier.created', { supplierId: id, name: request.body.name });
      reply.status(201);
      return namedSupplier(request.tx, request.services, id);
    },
  });

  routes.get('/suppliers', {
    schema: {
      summary: 'Suppliers by name, a page at a time; by text, status or change time',
      querystring: PageQuery({
        q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Text in the name, email or phone, in any case' })),
        archived: Type.Optional(Type.Boolean({ default: false, description: 'Include archived suppliers (left out by default)' })),
        status: Type.Optional(
          Type.Union([Type.Literal('active'), Type.Literal('archived')], {
            description: 'Only suppliers of this status (wins over archived)',
          }),
        ),
        updatedSince: Type.Optional(Type.With(Timestamp, { description: 'Changed at or after this time (ISO 8601 with offset)' })),
      }),
      response: { 200: Page(SupplierSummary) },
    },
    handler: (request) => listSuppliers(request.tx, request.query, pageRequest(request.query)),
  });

  routes.get('/suppliers/:supplierId', {
    schema: { summary: 'A supplier with its contacts and items', params: SupplierParams, response: { 200: Supplier } },
    handler: (request) => namedSupplier(request.tx, request.services, request.params.supplierId),
  });

  routes.put('/suppliers/:supplierId', {
    permission: 'purchasing:suppliers.write',
    schema: {
      summary: "Replace a supplier's details and contacts (the currency only while nothing is priced or open in the old one)",
      params: SupplierParams,
      body: Type.Object(
        {
          ...SupplierFields,
          status: Type.Optional(Type.Union([Type.Literal('active'), Type.Literal('archived')])),
          revision: Type.Optional(Type.Integer({ minimum: 1, description: 'The revision you edited; 409 if it changed since' })),
        },
        { additionalProperties: false },
      ),
      response: { 200: Supplier },
    },
    async handler(request) {
      const { revision, ...input } = request.body;
      await requireSupplierCurrencyTaken(request.tx, request.settings, input.currency);
      await updateSupplier(request.tx, request.params.supplierId, input, revision);
      await request.tx.audit('purchasing.supplier.updated', { supplierId: request.params.supplierId });
      return namedSupplier(request.tx, request.services, request.params.supplierId);
    },
  });

  routes.put('/suppliers/:supplierId/items/:variantId', {
    permission: 'purchasing:suppliers.write',
    schema: {
      summary: "Set the supplier's SKU, pack size and unit cost (in the supplier's currency) of a variant",
      params: Type.Object({ supplierId: Uuid, variantId: Uuid }),
      body: SupplierItemBody,
      response: { 200: Item },
    },
    async handler(request) {
      const { supplierId, variantId } = request.params;
      const item = await putSupplierItem(
        request.tx,
        supplierId,
        { variantId, ...request.body, preferred: request.body.preferred ?? false },
        async (id) =>
          void (await describeVariants(request.services, [id], request.body.unitCost.currency, '00000000-0000-0000-0000-000000000000')),
      );
      await request.tx.audit('purchasing.supplier_item.set', { supplierId, variantId, unitCost: request.body.unitCost });
      return item;
    },
  });

  routes.delete('/suppliers/:supplierId/items/:variantId', {
    permission: 'purchasing:suppliers.write',
    schema: { summary: 'Stop buying a variant from this supplier', params: Type.Object({ supplierId: Uuid, variantId: Uuid }) },
    async handler(request, reply) {
      await deleteSupplierItem(request.tx, request.params.supplierId, request.params.variantId);
      reply.status(204);
      return undefined;
    },
  });
}
