import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Button, Muted, PageHeader, ProblemNotice, Tabs, useSubmit } from '@kits/ui-kit';
import { useState } from 'preact/hooks';
import { API, MANAGE, type MatchOutcome } from '../shopify-api.ts';
import { ShopifyTabs, shopifyPath } from '../shopify-pages.tsx';
import { CATALOG_TABS, TAB_HINTS, TAB_LABELS, matchText, tabOf } from './catalog-words.ts';
import { ProductsTable } from './products-table.tsx';
import { ReviewTable } from './review-table.tsx';

/**
 * The catalog review: what matched by SKU or barcode, what did not and what matched more than
 * once; run matching, link and unlink by hand, import Shopify products, publish KiTS products and
 * choose per product which way prices and titles flow. The tab is in the URL (`?state=ambiguous`).
 */
export function catalogPage(context: OfficePluginContext) {
  return function CatalogPage({ query }: OfficePageProps) {
    const mayManage = context.session.may(MANAGE);
    const tab = tabOf(query);
    // Bumped when matching ran: the list on show loads again.
    const [round, setRound] = useState(0);
    const match = useSubmit(async () => {
      const outcome = await context.api.post<MatchOutcome>(`${API}/catalog/match`, {});
      context.toasts.show(matchText(outcome), outcome.state === 'failed' ? 'danger' : 'success');
      setRound((n) => n + 1);
      return outcome;
    });
    return (
      <>
        <PageHeader
          title="Shopify catalog"
          subtitle="KiTS items and Shopify variants, linked one to one by SKU, then barcode"
          actions={
            mayManage ? (
              <Button variant="primary" busy={match.busy} onClick={() => void match.submit()}>
                Run matching
              </Button>
            ) : null
          }
        />
        <ShopifyTabs context={context} current="catalog" />
        {match.error !== undefined && <ProblemNotice error={match.error} what="Matching" onRetry={() => void match.submit()} />}
        <Tabs
          label="Catalog review"
          tabs={CATALOG_TABS.map((id) => ({ id, label: TAB_LABELS[id] }))}
          current={tab}
          onChange={(id) => context.navigate(`${shopifyPath(context, 'catalog')}?state=${id}`)}
        />
        <div class="k-section">
          <Muted>{TAB_HINTS[tab]}</Muted>
        </div>
        {tab === 'products' ? (
          <ProductsTable context={context} mayManage={mayManage} round={round} />
        ) : (
          <ReviewTable key={tab} context={context} state={tab} mayManage={mayManage} round={round} />
        )}
      </>
    );
  };
}
