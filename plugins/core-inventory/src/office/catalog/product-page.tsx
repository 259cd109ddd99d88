import type { OfficePageProps, OfficePluginContext, OfficeSlotProps } from '@kits/plugin-sdk/office';
import type { FunctionComponent } from 'preact';
import { Badge, Button, Card, LinkButton, PageHeader, ProblemNotice, Spinner, useResource, useSubmit, Row, Stack } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { CATALOG, CATALOG_WRITE, productPath, type CatalogSummary, type Product } from './catalog-api.ts';
import { ProductDetailsCard, ProductOptionsCard } from './product-details.tsx';
import { createBody, draftOf, emptyDraft, newVariant, saveBody, variantTitle, type BodyIndex, type ProductDraft } from './product-draft.ts';
import { VariantEditor } from './variant-editor.tsx';

const NO_INDEX: BodyIndex = { barcode: (_v, b) => b, price: (_v, p) => p };

/**
 * A product's page, which is its editor (`products/new` creates one): details, options, variants
 * with barcodes and prices; archive and restore; and the actions other plugins add (Print labels).
 */
export function productPage(context: OfficePluginContext) {
  // The SDK types components loosely (it does not depend on Preact); the outlet is a Preact component.
  const ProductActions = context.slots.outlet('office.product.actions') as FunctionComponent<OfficeSlotProps['office.product.actions']>;

  return function ProductPage({ params }: OfficePageProps) {
    const productId = params.productId ?? 'new';
    const isNew = productId === 'new';
    const mayWrite = context.session.may(CATALOG_WRITE);
    const summary = useResource((signal) => context.api.get<CatalogSummary>(`${CATALOG}/catalog/summary`, { signal }), []);
    const product = useResource(
      (signal) => (isNew ? Promise.resolve(undefined) : context.api.get<Product>(productPath(productId), { signal })),
      [productId],
    );
    const shop = summary.data?.currencies.shop;
    const [draft, setDraft] = useState<ProductDraft | undefined>(undefined);
    const [index, setIndex] = useState<BodyIndex>(NO_INDEX);
    // A fresh draft when the product (re)loads — after a save too — never while the merchant types.
    useEffect(() => {
      if (!shop) return;
      if (isNew) setDraft(emptyDraft(shop));
      else if (product.data) setDraft(draftOf(product.data, shop));
    }, [shop, isNew, product.data?.id, product.data?.revision]);

    const save = useSubmit(async (current: ProductDraft) => {
      if (isNew) {
        const { body, index: sent } = createBody(current);
        setIndex(sent);
        const created = await context.api.post<Product>(`${CATALOG}/products`, body);
        context.toasts.show(`${created.name} created`, 'success');
        context.navigate(`/${context.plugin.id}/products/${created.id}`);
        return created;
      }
      const { body, index: sent } = saveBody(current, product.data!.revision);
      setIndex(sent);
      const saved = await context.api.put<Product>(productPath(productId), body);
      context.toasts.show('Product saved', 'success');
      product.reload();
      return saved;
    });
    const archive = useSubmit(async (status: 'active' | 'archived') => {
      await context.api.patch<Product>(productPath(productId), { status });
      context.toasts.show(status === 'archived' ? 'Archived: no longer sold' : 'Restored: on sale again', 'success');
      product.reload();
    });

    const back = { href: context.href('products'), label: 'Products' };
    const failed = product.error ?? summary.error;
    if (failed && !draft)
      return (
        <>
          <PageHeader title={isNew ? 'New product' : 'Product'} back={back} />
          <ProblemNotice error={failed} what="Loading the product" onRetry={() => (product.error ? product.reload() : summary.reload())} />
        </>
      );
    if (!draft || !summary.data) return <Spinner label="Loading the product…" />;

    const stored = product.data;
    const currencies = [summary.data.currencies.shop, ...summary.data.currencies.others];
    const problems = save.problems;
    const readOnly = !mayWrite;
    const archived = stored?.status === 'archived';
    const onSubmit = (event: Event) => {
      event.preventDefault();
      if (!readOnly) void save.submit(draft);
    };
    const partProps = { draft, onDraft: setDraft, problems, saved: !isNew, taxClasses: summary.data.taxClasses, currency: currencies[0]! };

    return (
      <form onSubmit={onSubmit} noValidate aria-label={isNew ? 'New product' : `Product ${stored?.name ?? ''}`}>
        <Stack space={4}>
          <PageHeader
            title={isNew ? 'New product' : stored!.name}
            back={back}
            subtitle={
              stored && (
                <Row space={2} align="center">
                  {archived ? <Badge tone="warning">Archived</Badge> : <Badge tone="success">On sale</Badge>}
                  <span>
                    {stored.variants.filter((v) => v.status === 'active').length} variants on sale · revision {stored.revision}
                  </span>
                </Row>
              )
            }
            actions={
              <>
                {stored && (
                  <ProductActions
                    product={{ id: stored.id, title: stored.name, variantIds: stored.variants.map((v) => v.id) }}
                    reload={product.reload}
                  />
                )}
                {stored && mayWrite && (
                  <Button
                    variant={archived ? 'secondary' : 'danger'}
                    busy={archive.busy}
                    onClick={() => archive.submit(archived ? 'active' : 'archived')}
                  >
                    {archived ? 'Restore' : 'Archive'}
                  </Button>
                )}
                {mayWrite && (
                  <Button variant="primary" type="submit" busy={save.busy}>
                    {isNew ? 'Create product' : 'Save'}
                  </Button>
                )}
              </>
            }
          />
          {archive.error !== undefined && <ProblemNotice error={archive.error} what={archived ? 'Restoring' : 'Archiving'} />}
          {save.error !== undefined && <ProblemNotice error={save.error} what={isNew ? 'Creating the product' : 'Saving'} />}
          {product.error !== undefined && <ProblemNotice error={product.error} what="Reloading the product" onRetry={product.reload} />}
          {/* Someone who may not change the catalog sees the product as it is, every box read-only. */}
          <fieldset disabled={readOnly} class="k-fieldset k-fieldset--bare">
            <ProductDetailsCard {...partProps} />
            <ProductOptionsCard {...partProps} />
            <Card
              title={`Variants (${draft.variants.length})`}
              actions={
                mayWrite && (
                  <Button
                    size="sm"
                    onClick={() =>
                      setDraft({ ...draft, variants: [...draft.variants, newVariant(currencies[0]!, draft.variants[0]?.prices)] })
                    }
                  >
                    Add variant
                  </Button>
                )
              }
            >
              <Stack space={4}>
                {draft.variants.map((variant, v) => (
                  <VariantEditor
                    key={variant.key}
                    draft={draft}
                    variant={variant}
                    index={v}
                    onChange={(changed) =>
                      setDraft({ ...draft, variants: draft.variants.map((x) => (x.key === variant.key ? changed : x)) })
                    }
                    onRemove={() => setDraft({ ...draft, variants: draft.variants.filter((x) => x.key !== variant.key) })}
                    problems={problems}
                    bodyIndex={index}
                    currencies={currencies}
                    locations={context.session.locations}
                    readOnly={readOnly}
                  />
                ))}
              </Stack>
            </Card>
          </fieldset>
          {mayWrite && (
            <div class="k-form__actions">
              <Button variant="primary" type="submit" busy={save.busy}>
                {isNew ? 'Create product' : 'Save'}
              </Button>
              <LinkButton href={context.href('products')} variant="ghost">
                Cancel
              </LinkButton>
              {draft.variants.length > 1 && (
                <span class="k-muted">
                  {draft.variants.length} variants:{' '}
                  {draft.variants
                    .slice(0, 4)
                    .map((x, i) => variantTitle(draft, x, i))
                    .join(', ')}
                  {draft.variants.length > 4 ? '…' : ''}
                </span>
              )}
            </div>
          )}
        </Stack>
      </form>
    );
  };
}
