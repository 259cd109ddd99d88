import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { LinkButton, ProblemNotice, Spinner, Stat, useResource, Row, Stack } from '@kits/ui-kit';
import { CATALOG, type CatalogSummary } from './catalog-api.ts';

const count = (n: number) => n.toLocaleString();

/** The dashboard's catalog card: how much is on sale, and the way to the list. */
export function catalogCard(context: OfficePluginContext) {
  return function CatalogCard() {
    const summary = useResource((signal) => context.api.get<CatalogSummary>(`${CATALOG}/catalog/summary`, { signal }), []);
    if (summary.error !== undefined) return <ProblemNotice error={summary.error} what="Loading the catalog" onRetry={summary.reload} />;
    if (!summary.data) return <Spinner label="Loading the catalog…" />;
    const { products, variants, archivedProducts } = summary.data;
    return (
      <Stack space={3}>
        <Row space={3} align="start">
          <Stat
            label="Products on sale"
            value={count(products)}
            detail={archivedProducts ? `${count(archivedProducts)} archived` : undefined}
          />
          <Stat label="Variants" value={count(variants)} />
        </Row>
        <div>
          <LinkButton href={context.href('products')}>Open products</LinkButton>
        </div>
      </Stack>
    );
  };
}
