import type { OfficeContributions } from '../plugins/office-contributions.ts';

/** The sections of the navigation in the order a merchant's day goes; a plugin's own section goes before Settings. */
export const SECTION_ORDER = ['Home', 'Catalog', 'Stock', 'Purchasing', 'Sales', 'Customers', 'Team & devices', 'Settings'] as const;

export interface NavLink {
  readonly label: string;
  /** Office path (`/core-inventory/products`). */
  readonly path: string;
  readonly order: number;
  /** The letter that opens it after `g` (`g p`). */
  readonly key?: string;
}

export interface NavSection {
  readonly title: string;
  readonly links: readonly NavLink[];
}

const rank = (title: string) => {
  const known = SECTION_ORDER.indexOf(title as (typeof SECTION_ORDER)[number]);
  return known >= 0 ? known : SECTION_ORDER.length - 1.5;
};

/** The navigation a person sees: pages that asked for an entry and that they may open, by section. */
export function navigationOf(contributions: OfficeContributions, may: (permission: string) => boolean): NavSection[] {
  const sections = new Map<string, NavLink[]>();
  for (const { contribution, pattern } of contributions.pages()) {
    const { nav, permission, title } = contribution.options;
    if (!nav || pattern.includes('/:') || (permission && !may(permission))) continue;
    const links = sections.get(nav.section) ?? [];
    links.push({ label: nav.label ?? title, path: pattern, order: nav.order ?? 100, ...(nav.key ? { key: nav.key } : {}) });
    sections.set(nav.section, links);
  }
  return [...sections.entries()]
    .map(([title, links]) => ({ title, links: links.sort((a, b) => a.order - b.order || a.label.localeCompare(b.label)) }))
    .sort((a, b) => rank(a.title) - rank(b.title) || a.title.localeCompare(b.title));
}

/** The link whose page is open (the longest path that starts the current one). */
export function activeLink(sections: readonly NavSection[], path: string): string | undefined {
  let best: string | undefined;
  for (const link of sections.flatMap((section) => section.links))
    if ((path === link.path || path.startsWith(`${link.path}/`)) && (!best || link.path.length > best.length)) best = link.path;
  return best;
}
