import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { ContributionView } from '../plugins/contribution-box.tsx';
import type { OfficeContributions } from '../plugins/office-contributions.ts';
import type { OfficePluginFailure } from '../plugins/office-plugin-host.ts';
import type { OfficePerson } from '../session/office-person.ts';
import type { LocationChoice } from './location-choice.ts';
import { activeLink, type NavSection } from './navigation.ts';
import { navigate } from './office-router.ts';
import { SearchBox } from './search-box.tsx';
import type { ThemeChoice } from './theme.ts';

/** `g` then a page's letter opens it (`g p` products); `g h` goes home. */
function useGoKeys(sections: readonly NavSection[]) {
  useEffect(() => {
    let armed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const keys = new Map(
      sections.flatMap((section) => section.links.filter((link) => link.key).map((link) => [link.key!, link.path] as const)),
    );
    keys.set('h', '/');
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName))) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (armed) {
        armed = false;
        clearTimeout(timer);
        const path = keys.get(event.key);
        if (path) {
          event.preventDefault();
          navigate(path);
        }
      } else if (event.key === 'g') {
        armed = true;
        timer = setTimeout(() => (armed = false), 1500);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [sections]);
}

/** The frame the office draws around every page: navigation, search, location switcher, theme and the person. */
export function OfficeFrame(props: {
  person: OfficePerson;
  contributions: OfficeContributions;
  sections: readonly NavSection[];
  path: string;
  location: LocationChoice;
  failed: readonly OfficePluginFailure[];
  theme: ThemeChoice;
  onTheme: (choice: ThemeChoice) => void;
  onSignOut: () => void;
  children: ComponentChildren;
}) {
  const { person, sections, path, location } = props;
  useGoKeys(sections);
  const current = activeLink(sections, path);
  return (
    <div class="office-frame">
      <a class="office-skip" href="#office-main">
        Skip to the page
      </a>
      <nav class="office-nav" aria-label="Back office">
        <a class="office-brand" href="/office/">
          <span class="office-brand-mark" aria-hidden="true">
            K
          </span>
          <span class="office-brand-name">{person.shopName || 'KiTS'}</span>
        </a>
        <ul class="office-nav-sections">
          <li>
            <a
              class={`office-nav-link${path === '/' ? ' is-current' : ''}`}
              href="/office/"
              aria-current={path === '/' ? 'page' : undefined}
            >
              Home
            </a>
          </li>
          {sections.map((section) => (
            <li key={section.title} class="office-nav-section">
              <span class="office-nav-section-title">{section.title}</span>
              <ul>
                {section.links.map((link) => (
                  <li key={link.path}>
                    <a
                      class={`office-nav-link${current === link.path ? ' is-current' : ''}`}
                      href={`/office${link.path}`}
                      aria-current={current === link.path ? 'page' : undefined}
                      aria-keyshortcuts={link.key ? `g ${link.key}` : undefined}
                    >
                      {link.label}
                    </a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
        <a class="office-nav-link office-nav-till" href="/till/">
          Open the till ↗
        </a>
      </nav>
      <div class="office-body">
        <header class="office-topbar">
          <SearchBox contributions={props.contributions} may={(permission) => person.may(permission)} />
          <label class="office-location-switcher">
            <span class="k-visually-hidden">Location</span>
            <select
              class="k-select"
              aria-label="Location"
              value={location.current?.id ?? ''}
              onChange={(event) => location.choose((event.target as HTMLSelectElement).value || undefined)}
            >
              {person.locations.length !== 1 && <option value="">All locations</option>}
              {person.locations.map((place) => (
                <option key={place.id} value={place.id}>
                  {place.name}
                </option>
              ))}
            </select>
          </label>
          <select
            class="k-select office-theme"
            aria-label="Appearance"
            value={props.theme}
            onChange={(event) => props.onTheme((event.target as HTMLSelectElement).value as ThemeChoice)}
          >
            <option value="system">Auto</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
          {props.contributions
            .of('office.topbar')
            .filter((control) => !control.options.permission || person.may(control.options.permission))
            .map((control) => (
              <div key={control.key} class="office-topbar-control" data-plugin={control.plugin.id}>
                <ContributionView contribution={control} props={{}} />
              </div>
            ))}
          <div class="office-person">
            <span class="office-person-name" title={person.email}>
              {person.name}
            </span>
            <button type="button" class="k-button k-button-ghost k-button-sm" onClick={props.onSignOut}>
              Sign out
            </button>
          </div>
        </header>
        {props.failed.length > 0 && (
          <div class="office-plugin-failures" role="status">
            {props.failed.map((failure) => (
              <p key={failure.id}>
                <strong>{failure.displayName}</strong> could not start, so its pages are missing: {failure.reason}
              </p>
            ))}
          </div>
        )}
        <main id="office-main" class="office-main" tabIndex={-1}>
          {props.children}
        </main>
      </div>
    </div>
  );
}
