import { formatMoney } from '@kits/plugin-sdk/money';
import type { TillApi, TillCatalog, TillSessionInfo, TillStockLevel, TillVariant } from '@kits/plugin-sdk/till';
import { useEffect, useRef, useState } from 'preact/hooks';

interface Elsewhere {
  locationId: string;
  name: string;
  onHand: number;
  available: number;
}

/** Stock of a variant at every location, from the server (needs the network). */
async function stockEverywhere(api: TillApi, variantId: string): Promise<Elsewhere[]> {
  const [stock, locations] = await Promise.all([
    api.get<{ items: Array<{ locationId: string; onHand: number; available?: number }> }>(
      `/api/v1/core-inventory/variants/${variantId}/stock`,
    ),
    api.get<{ items: Array<{ id: string; name: string }> }>('/api/v1/tenants/current/locations'),
  ]);
  return stock.items.map((s) => ({
    locationId: s.locationId,
    name: locations.items.find((l) => l.id === s.locationId)?.name ?? s.locationId,
    onHand: s.onHand,
    available: s.available ?? s.onHand,
  }));
}

/** Finds variants by scan, SKU or name in the till's own catalog (works offline). */
async function findVariants(catalog: TillCatalog, query: string): Promise<TillVariant[]> {
  const exact = await catalog.lookup(query);
  return exact ? [exact] : catalog.search(query, 20);
}

export interface StockLookupProps {
  readonly catalog: TillCatalog;
  readonly api: TillApi;
  readonly session: TillSessionInfo;
}

/** The stock lookup screen: scan or type, pick a variant, see its stock here (live) and at every location. */
export function StockLookupScreen({ catalog, api, session }: StockLookupProps) {
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<TillVariant[]>([]);
  /** The query the results belong to: a scanner's Enter comes before the debounced search. */
  const [resultsFor, setResultsFor] = useState('');
  const [active, setActive] = useState(0);
  const [selected, setSelected] = useState<TillVariant>();
  const [here, setHere] = useState<TillStockLevel>();
  const [elsewhere, setElsewhere] = useState<Elsewhere[] | 'offline'>();
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    const term = query.trim();
    if (!term) {
      setResults([]);
      return;
    }
    const timer = setTimeout(
      () =>
        void findVariants(catalog, term).then((found) => {
          setResults(found);
          setResultsFor(term);
          setActive(0);
        }),
      120,
    );
    return () => clearTimeout(timer);
  }, [query]);

  useEffect(() => {
    if (!selected) return;
    setElsewhere(undefined);
    return catalog.watchStock(selected.id, setHere);
  }, [selected?.id]);

  // Every location, from the server: asked again whenever the stock here moves, so both agree.
  useEffect(() => {
    if (!selected) return;
    let current = true;
    stockEverywhere(api, selected.id).then(
      (rows) => current && setElsewhere(rows),
      () => current && setElsewhere('offline'),
    );
    return () => {
      current = false;
    };
  }, [selected?.id, here?.onHand, here?.reserved]);

  const open = (variant: TillVariant | undefined) => {
    if (!variant) return;
    setSelected(variant);
    setQuery('');
    input.current?.focus();
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, results.length - 1));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') {
      event.preventDefault();
      const term = query.trim();
      // Enter right after a burst of keys (a barcode scanner) looks the code up at once.
      if (term && term !== resultsFor) void findVariants(catalog, term).then((found) => open(found[0]));
      else open(results[active]);
    } else return;
    event.preventDefault();
  };

  const price = selected?.prices.find((p) => p.locationId === session.locationId) ?? selected?.prices[0];

  return (
    <section class="stock-lookup">
      <div class="search">
        <input
          ref={input}
          class="search-input"
          placeholder="Scan a barcode, or type a name or SKU"
          value={query}
          onInput={(e) => setQuery(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          autoFocus
          aria-label="Find a product"
        />
        {results.length > 0 && (
          <ul class="results" role="listbox">
            {results.map((variant, i) => (
              <li
                key={variant.id}
                role="option"
                aria-selected={i === active}
                class={i === active ? 'active' : ''}
                onClick={() => open(variant)}
              >
                <span class="name">{variant.name}</span>
                <span class="sku">{variant.sku}</span>
              </li>
            ))}
          </ul>
        )}
        {query.trim() && results.length === 0 && <p class="empty">Nothing matches “{query.trim()}”.</p>}
      </div>
      {selected ? (
        <article class="variant" data-testid="variant">
          <header>
            <h2>{selected.name}</h2>
            <p class="meta">
              {selected.sku}
              {Object.entries(selected.options ?? {}).map(([axis, value]) => ` · ${axis} ${value}`)}
              {price && ` · ${formatMoney(price.amount, price.currency)}`}
            </p>
          </header>
          <div class="here">
            <div class="figure" data-testid="available-here">
              <span class="number">{here?.available ?? 0}</span>
              <span class="label">available here</span>
            </div>
            <div class="figure small">
              <span class="number">{here?.onHand ?? 0}</span>
              <span class="label">on hand</span>
            </div>
            <div class="figure small">
              <span class="number">{here?.reserved ?? 0}</span>
              <span class="label">held</span>
            </div>
          </div>
          <h3>Every location</h3>
          {elsewhere === undefined && <p class="loading">Asking the server…</p>}
          {elsewhere === 'offline' && <p class="empty">Other locations need the network.</p>}
          {Array.isArray(elsewhere) && (
            <table class="locations" data-testid="locations">
              <thead>
                <tr>
                  <th>Location</th>
                  <th>Available</th>
                  <th>On hand</th>
                </tr>
              </thead>
              <tbody>
                {elsewhere.map((row) => (
                  <tr key={row.locationId} class={row.locationId === session.locationId ? 'mine' : ''}>
                    <td>{row.name}</td>
                    <td>{row.available}</td>
                    <td>{row.onHand}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </article>
      ) : (
        <p class="placeholder">Scan or search to see stock here and at every location.</p>
      )}
    </section>
  );
}
