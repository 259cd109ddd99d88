import type { OfficePageProps, OfficePluginContext } from '@kits/plugin-sdk/office';
import { Badge, Button, EmptyState, PageHeader, ProblemNotice, SearchInput, Spinner, Toolbar, useResource, useSubmit } from '@kits/ui-kit';
import { useEffect, useState } from 'preact/hooks';
import { marketplaceApi, stateText, type PluginListing } from './marketplace-api.ts';

const tone = (plugin: PluginListing) => (plugin.install ? (plugin.install.enabled ? 'success' : 'neutral') : 'info');

/** `/office/marketplace`: the plugins the registry offers, searched; each opens to install, configure, enable or disable it. */
export function MarketplacePage({ context, query }: OfficePageProps & { context: OfficePluginContext }) {
  const [text, setText] = useState(query.get('q') ?? '');
  const api = marketplaceApi(context);
  const found = useResource((signal) => api.search(text.trim(), undefined, signal), [text]);
  // The registry answers 50 at a time: "Show more" asks for the next page of the same search.
  const [more, setMore] = useState<{ items: PluginListing[]; cursor: string | null }>({ items: [], cursor: null });
  useEffect(() => setMore({ items: [], cursor: found.data?.nextCursor ?? null }), [found.data]);
  const next = useSubmit(async () => {
    const page = await api.search(text.trim(), more.cursor ?? undefined);
    setMore({ items: [...more.items, ...page.items], cursor: page.nextCursor });
    return true;
  });
  const items = found.data ? [...found.data.items, ...more.items] : undefined;

  return (
    <>
      <PageHeader
        title="Marketplace"
        subtitle="Plugins add what your shop needs: payments, channels, accounting, labels. Install one and it reaches every till."
      />
      <Toolbar label="Find a plugin">
        <SearchInput
          label="Search plugins"
          placeholder="Search plugins by name or what they do"
          value={text}
          onValue={setText}
          delayMs={250}
        />
      </Toolbar>
      {found.error !== undefined && !found.data ? (
        <ProblemNotice error={found.error} what="Looking in the registry" onRetry={found.reload} />
      ) : !items ? (
        <Spinner label="Looking in the registry…" />
      ) : items.length === 0 ? (
        <EmptyState title={text.trim() ? `No plugin matches “${text.trim()}”.` : 'The registry offers no plugins yet.'} />
      ) : (
        <ul class="k-tiles" aria-label="Plugins" data-testid="marketplace-results">
          {items.map((plugin) => (
            <li key={plugin.id}>
              <a class="k-tile" href={context.href(`marketplace/${plugin.id}`)}>
                <span class="k-tile__head">
                  <strong class="k-tile__title" data-testid="plugin-name">
                    {plugin.displayName}
                  </strong>
                  <Badge tone={tone(plugin)}>{plugin.install ? stateText(plugin.install) : 'Not installed'}</Badge>
                </span>
                {plugin.install?.notice && (
                  <span>
                    <Badge tone="warning">Changed by KiTS: see the notice</Badge>
                  </span>
                )}
                <span class="k-muted k-text--small" data-testid="plugin-meta">
                  {plugin.id} {plugin.latest} · {plugin.publisher}
                  {plugin.permissions.length > 0 &&
                    ` · asks for ${plugin.permissions.length} permission${plugin.permissions.length === 1 ? '' : 's'}`}
                </span>
                {plugin.description && <span class="k-tile__body">{plugin.description}</span>}
              </a>
            </li>
          ))}
        </ul>
      )}
      {more.cursor && items && (
        <div class="k-row k-row--justify-center k-gap-3 k-more">
          <Button busy={next.busy} onClick={() => void next.submit()}>
            Show more plugins
          </Button>
        </div>
      )}
      {next.problems[''] && <ProblemNotice error={next.error} what="Loading more plugins" onRetry={() => void next.submit()} />}
    </>
  );
}
