import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { Tabs } from '@kits/ui-kit';
import { useEffect } from 'preact/hooks';

/** The Shopify pages, in the order a merchant sets the connection up; `path` is below /office/shopify. */
export const SHOPIFY_PAGES = [
  { id: 'connection', path: '', label: 'Connection', title: 'Shopify' },
  { id: 'locations', path: 'locations', label: 'Locations', title: 'Shopify locations' },
  { id: 'catalog', path: 'catalog', label: 'Catalog', title: 'Shopify catalog' },
  { id: 'sync', path: 'sync', label: 'Sync', title: 'Shopify sync' },
  { id: 'discrepancies', path: 'discrepancies', label: 'Discrepancies', title: 'Shopify order discrepancies' },
] as const;

export type ShopifyPageId = (typeof SHOPIFY_PAGES)[number]['id'];

/** The office path of a Shopify page: `/shopify/catalog`. */
export const shopifyPath = (context: OfficePluginContext, id: ShopifyPageId): string => {
  const page = SHOPIFY_PAGES.find((candidate) => candidate.id === id)!;
  return `/${context.plugin.id}${page.path ? `/${page.path}` : ''}`;
};

/** The href of a Shopify page, for links (`/office/shopify/catalog`). */
export const shopifyHref = (context: OfficePluginContext, id: ShopifyPageId): string =>
  context.href(SHOPIFY_PAGES.find((candidate) => candidate.id === id)!.path);

// Each Shopify page is its own office page (its own link and title), so choosing a tab opens
// another page and the tabs are drawn anew: the new page's tabs take the focus back when the
// keyboard chose them, so arrow keys keep moving between them.
let focusTabsOnArrival = false;

/** The tabs between the Shopify pages, under each page's header. */
export function ShopifyTabs({ context, current }: { context: OfficePluginContext; current: ShopifyPageId }) {
  useEffect(() => {
    const tab = document.querySelector<HTMLElement>('[role="tablist"][aria-label="Shopify"] [aria-selected="true"]');
    // On a phone the tabs scroll sideways: the page's own tab is brought into view.
    tab?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    if (!focusTabsOnArrival) return;
    focusTabsOnArrival = false;
    tab?.focus();
  }, []);
  return (
    <Tabs
      label="Shopify"
      tabs={SHOPIFY_PAGES.map(({ id, label }) => ({ id, label }))}
      current={current}
      onChange={(id) => {
        if (id === current) return;
        focusTabsOnArrival = document.activeElement?.getAttribute('role') === 'tab';
        context.navigate(shopifyPath(context, id as ShopifyPageId));
      }}
    />
  );
}
