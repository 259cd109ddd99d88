import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, ConfirmDialog, FormDialog, Muted, SearchPicker, Subheading, problemText, useResource, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, type ReviewItem } from '../shopify-api.ts';
import { codesText, kitsItemName } from './catalog-words.ts';
import { findUnlinkedShopifyVariants, sharesACode, shopifyVariantMatches } from './review-list.ts';

interface Picked {
  readonly id: string;
  readonly title: string;
  readonly codes: string;
}

const pickedOf = (option: ReviewItem): Picked => ({
  id: option.shopifyVariantId!,
  title: option.shopifyTitle || 'A Shopify variant',
  codes: codesText(option),
});

/**
 * Link a KiTS item to a Shopify variant the merchant picks (PUT /catalog/links/:variantId): any
 * unlinked Shopify variant by title, SKU or barcode; for an ambiguous item, the ones sharing its
 * SKU or a barcode are offered first.
 */
export function LinkDialog({
  context,
  item,
  onClose,
  onLinked,
}: {
  context: OfficePluginContext;
  item: ReviewItem;
  onClose(): void;
  onLinked(): void;
}) {
  const [picked, setPicked] = useState<Picked | undefined>();
  const candidates = useResource(
    (signal) =>
      item.state === 'ambiguous'
        ? findUnlinkedShopifyVariants(context, (option) => sharesACode(item, option), signal)
        : Promise.resolve([] as ReviewItem[]),
    [item.variantId],
  );
  const link = useSubmit(async () => {
    if (!picked) throw new Error('Pick the Shopify variant to link it to.');
    await context.api.put(`${API}/catalog/links/${item.variantId}`, { shopifyVariantId: picked.id });
    context.toasts.show(`${kitsItemName(item)} is linked to ${picked.title}`, 'success');
    onLinked();
    return true;
  });
  const offered = candidates.data ?? [];
  return (
    <FormDialog
      title={`Link ${kitsItemName(item)}`}
      formLabel="Link to a Shopify variant"
      submitLabel="Link"
      busy={link.busy}
      problem={link.error !== undefined ? (link.problems['shopifyVariantId'] ?? problemText(link.error)) : undefined}
      onSubmit={() => void link.submit()}
      onClose={onClose}
    >
      <Muted>
        {codesText(item) ? `In KiTS: ${codesText(item)}. ` : ''}Its stock is then kept equal on that Shopify variant, and Shopify orders for
        the variant become sales of this item.
      </Muted>
      {!picked && offered.length > 0 && (
        <div class="k-stack k-gap-2">
          <Subheading>Same SKU or barcode on Shopify</Subheading>
          <ul class="k-boxed-list" aria-label="Candidates">
            {offered.map((option) => (
              <li key={option.shopifyVariantId}>
                <span class="k-two-line">
                  <span>{option.shopifyTitle || 'A Shopify variant'}</span>
                  <span class="k-muted k-text--small">{codesText(option)}</span>
                </span>
                <Button size="sm" onClick={() => setPicked(pickedOf(option))} aria-label={`Pick ${option.shopifyTitle}`}>
                  Pick
                </Button>
              </li>
            ))}
          </ul>
        </div>
      )}
      <SearchPicker<ReviewItem>
        label="Shopify variant"
        placeholder="Title, SKU or barcode"
        what="Searching Shopify variants"
        noMatch="No unlinked Shopify variant matches"
        find={(text, signal) => findUnlinkedShopifyVariants(context, (option) => shopifyVariantMatches(option, text), signal)}
        optionKey={(option) => option.shopifyVariantId ?? ''}
        optionLabel={(option) => option.shopifyTitle || 'A Shopify variant'}
        optionDetail={(option) => codesText(option) || undefined}
        onPick={(option) => setPicked(pickedOf(option))}
        {...(picked
          ? { chosen: { label: picked.title, ...(picked.codes ? { detail: picked.codes } : {}), onClear: () => setPicked(undefined) } }
          : {})}
      />
    </FormDialog>
  );
}

/** Unlink a KiTS item from its Shopify variant (DELETE /catalog/links/:variantId), after a confirm. */
export function UnlinkDialog({
  context,
  item,
  onClose,
  onUnlinked,
}: {
  context: OfficePluginContext;
  item: ReviewItem | undefined;
  onClose(): void;
  onUnlinked(): void;
}) {
  const unlink = useSubmit(async () => {
    await context.api.delete(`${API}/catalog/links/${item!.variantId}`);
    context.toasts.show(`${kitsItemName(item!)} is no longer linked to Shopify`, 'success');
    onUnlinked();
    return true;
  });
  return (
    <ConfirmDialog
      open={item !== undefined}
      title={`Unlink ${item ? kitsItemName(item) : ''}?`}
      message={
        <>
          KiTS stops sending its stock to {item?.shopifyTitle || 'the Shopify variant'}, and a Shopify order for that variant is raised as a
          discrepancy until it is linked again. Matching will not link this pair again by itself. Nothing is deleted on either side.
        </>
      }
      problem={unlink.error !== undefined ? `Unlinking failed: ${problemText(unlink.error)}` : undefined}
      confirmLabel="Unlink"
      tone="danger"
      busy={unlink.busy}
      onConfirm={() => void unlink.submit()}
      onCancel={onClose}
    />
  );
}
