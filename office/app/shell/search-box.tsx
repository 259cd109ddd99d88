import type { OfficeSearchHit } from '@kits/plugin-sdk/office';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { OfficeContributions } from '../plugins/office-contributions.ts';
import { navigate } from './office-router.ts';

interface Group {
  readonly title: string;
  readonly hits: readonly OfficeSearchHit[];
  /** Why this provider has no answer (it failed); the others' answers still show. */
  readonly failure?: string;
}

const PER_PROVIDER = 5;
const DELAY_MS = 150;

/** Asks every provider the person may use at once; each answers or fails on its own. */
async function searchAll(
  contributions: OfficeContributions,
  may: (permission: string) => boolean,
  text: string,
  signal: AbortSignal,
): Promise<Group[]> {
  const providers = contributions.searchProviders().filter(({ provider }) => !provider.permission || may(provider.permission));
  return Promise.all(
    providers.map(async ({ provider }) => {
      try {
        return { title: provider.title, hits: (await provider.find(text, PER_PROVIDER, signal)).slice(0, PER_PROVIDER) };
      } catch (error) {
        return { title: provider.title, hits: [], failure: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/**
 * The office's one search box: products, suppliers, sales and customers — whatever the plugins
 * provide. `/` focuses it from anywhere; arrows move through the answers, Enter opens one, Esc closes.
 */
export function SearchBox({ contributions, may }: { contributions: OfficeContributions; may: (permission: string) => boolean }) {
  const input = useRef<HTMLInputElement>(null);
  const [text, setText] = useState('');
  const [groups, setGroups] = useState<Group[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const [searching, setSearching] = useState(false);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      const typing = target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
      if (event.key === '/' && !typing && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        input.current?.focus();
        input.current?.select();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const wanted = text.trim();
    if (wanted.length === 0) {
      setGroups([]);
      setSearching(false);
      return;
    }
    const abort = new AbortController();
    setSearching(true);
    const timer = setTimeout(() => {
      void searchAll(contributions, may, wanted, abort.signal).then((found) => {
        if (abort.signal.aborted) return;
        setGroups(found);
        setActive(0);
        setSearching(false);
      });
    }, DELAY_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, contributions]);

  const hits = groups.flatMap((group) => group.hits);
  const openHit = (hit: OfficeSearchHit | undefined) => {
    if (!hit) return;
    setOpen(false);
    setText('');
    input.current?.blur();
    navigate(hit.path);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, Math.max(hits.length - 1, 0)));
    else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
    else if (event.key === 'Enter') openHit(hits[active]);
    else if (event.key === 'Escape') {
      setOpen(false);
      input.current?.blur();
    } else return;
    event.preventDefault();
  };

  let index = -1;
  const showing = open && text.trim().length > 0;
  return (
    <div class="office-search" role="search">
      <input
        ref={input}
        class="k-input office-search-input"
        type="search"
        aria-label="Search products, suppliers, sales and customers"
        placeholder="Search  (press / )"
        value={text}
        {...({ role: 'combobox' } as object)}
        aria-expanded={showing}
        aria-controls="office-search-answers"
        aria-activedescendant={showing && hits.length > 0 ? `office-search-hit-${active}` : undefined}
        onInput={(event) => {
          setText((event.target as HTMLInputElement).value);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
      />
      {showing && (
        <div class="office-search-answers" id="office-search-answers" role="listbox" aria-label="Search answers">
          {searching && hits.length === 0 && <p class="office-search-note">Searching…</p>}
          {!searching && hits.length === 0 && groups.every((group) => !group.failure) && (
            <p class="office-search-note">Nothing found for “{text.trim()}”.</p>
          )}
          {groups.map((group) =>
            group.hits.length === 0 && !group.failure ? null : (
              <div class="office-search-group" key={group.title} role="group" aria-label={group.title}>
                <div class="office-search-group-title">{group.title}</div>
                {group.failure && (
                  <p class="office-search-note">
                    Could not search {group.title.toLowerCase()}: {group.failure}
                  </p>
                )}
                {group.hits.map((hit) => {
                  index += 1;
                  const mine = index;
                  return (
                    <div
                      key={hit.path}
                      id={`office-search-hit-${mine}`}
                      role="option"
                      aria-selected={mine === active}
                      class={`office-search-hit${mine === active ? ' is-active' : ''}`}
                      onMouseDown={(event) => {
                        event.preventDefault();
                        openHit(hit);
                      }}
                      onMouseEnter={() => setActive(mine)}
                    >
                      <span class="office-search-hit-title">{hit.title}</span>
                      {hit.detail && <span class="office-search-hit-detail">{hit.detail}</span>}
                    </div>
                  );
                })}
              </div>
            ),
          )}
        </div>
      )}
    </div>
  );
}
