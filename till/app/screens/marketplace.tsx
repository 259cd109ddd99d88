import { useEffect, useState } from 'preact/hooks';
import { marketplaceApi, type PluginListing } from '../marketplace/marketplace-api.ts';
import { PluginDetailView } from '../marketplace/plugin-detail.tsx';
import type { TillRuntime } from '../till-runtime.ts';

/** How long typing pauses before the search is sent. */
const SEARCH_PAUSE_MS = 250;

/**
 * The back office's marketplace: the plugins the registry offers, searched, each opened to install,
 * configure, enable or disable it; and beside them the plugins this till runs. Needs the network.
 */
export function Marketplace({ runtime }: { runtime: TillRuntime }) {
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<readonly PluginListing[]>();
  const [error, setError] = useState<string>();
  const [open, setOpen] = useState<string>();
  const api = marketplaceApi(runtime.client);

  useEffect(() => {
    if (open) return;
    let current = true;
    const timer = setTimeout(
      () =>
        void api.search(query.trim()).then(
          (page) => {
            if (!current) return;
            setItems(page.items);
            setError(undefined);
          },
          (failure: Error) => current && setError(failure.message),
        ),
      query ? SEARCH_PAUSE_MS : 0,
    );
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, open]);

  return (
    <section class="marketplace">
      <div class="marketplace-main">
        {open ? (
          <PluginDetailView
            pluginId={open}
            client={runtime.client}
            onBack={() => {
              // What was listed before may have changed (installed, disabled): list afresh, never stale.
              setItems(undefined);
              setOpen(undefined);
            }}
          />
        ) : (
          <>
            <header class="marketplace-head">
              <h2>Marketplace</h2>
              <input
                class="search-input"
                type="search"
                aria-label="Search plugins"
                placeholder="Search plugins by name or what they do"
                value={query}
                onInput={(e) => setQuery(e.currentTarget.value)}
              />
            </header>
            {error && (
              <p class="error" role="alert">
                {error}
              </p>
            )}
            {items === undefined && !error && <p class="loading">Looking in the registry…</p>}
            {items?.length === 0 && <p class="placeholder">No plugin matches “{query.trim()}”.</p>}
            <ul class="plugin-cards" data-testid="marketplace-results">
              {items?.map((plugin) => (
                <li key={plugin.id}>
                  <button type="button" class="plugin-card" onClick={() => setOpen(plugin.id)}>
                    <span class="card-head">
                      <span class="name">{plugin.displayName}</span>
                      <span class={`state ${plugin.install ? (plugin.install.enabled ? 'enabled' : 'disabled') : 'available'}`}>
                        {plugin.install ? (plugin.install.enabled ? 'Enabled' : 'Disabled') : 'Not installed'}
                      </span>
                    </span>
                    <span class="card-meta">
                      {plugin.id} {plugin.latest} · {plugin.publisher}
                      {plugin.permissions.length > 0 &&
                        ` · asks for ${plugin.permissions.length} permission${plugin.permissions.length === 1 ? '' : 's'}`}
                    </span>
                    {plugin.description && <span class="card-description">{plugin.description}</span>}
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <OnThisTill runtime={runtime} />
    </section>
  );
}

/** The plugins this till runs (and any that failed to load), with their versions. */
function OnThisTill({ runtime }: { runtime: TillRuntime }) {
  const { loaded, failed } = runtime.plugins;
  return (
    <aside class="on-this-till" aria-label="Plugins on this till">
      <h3>Plugins on this till</h3>
      <ul class="plugin-list" data-testid="plugins">
        {loaded.map((plugin) => (
          <li key={plugin.id}>
            <span class="name">{plugin.displayName}</span>
            <span class="version">
              {plugin.id} {plugin.version}
            </span>
          </li>
        ))}
        {failed.map((plugin) => (
          <li key={plugin.id} class="failed">
            <span class="name">{plugin.displayName}</span>
            <span class="version">not loaded: {plugin.reason}</span>
          </li>
        ))}
      </ul>
      {loaded.length === 0 && failed.length === 0 && <p class="placeholder">This till runs no plugins.</p>}
      <p class="hint">A plugin enabled or disabled here reaches this till when the cashier next signs in.</p>
    </aside>
  );
}
