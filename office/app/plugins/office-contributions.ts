import type { OfficeComponent, OfficeSearchProvider, OfficeSlot, OfficeSlotOptions } from '@kits/plugin-sdk/office';

/** Who contributed something: the error box names them when it fails. */
export interface Contributor {
  readonly id: string;
  readonly name: string;
}

/** One contribution to a slot, as the office renders it. */
export interface OfficeContribution<Slot extends OfficeSlot = OfficeSlot> {
  /** Unique among all contributions (a Preact key). */
  readonly key: string;
  readonly plugin: Contributor;
  readonly slot: Slot;
  readonly component: OfficeComponent<never>;
  readonly options: OfficeSlotOptions[Slot];
}

/** A page as the router knows it: the plugin's prefix plus its path, split in parts. */
export interface OfficePageRoute {
  readonly contribution: OfficeContribution<'office.page'>;
  /** `/core-inventory/products/:productId` (the kernel's pages have no prefix). */
  readonly pattern: string;
}

/** The pages of the kernel have no prefix: `/staff`; a plugin's are below its id: `/core-inventory/products`. */
export const KERNEL_PAGES = 'kernel';
export const pagePrefix = (pluginId: string): string => (pluginId === KERNEL_PAGES ? '' : `/${pluginId}`);
const joinPath = (prefix: string, path: string) => `${prefix}/${path.replace(/^\/+/, '')}`.replace(/\/+$/, '') || '/';

/**
 * Everything the office's plugins contributed — pages, cards, actions, settings panels and search
 * providers — kept per slot in the order they ask for (then the order they came in).
 */
export class OfficeContributions {
  private readonly bySlot = new Map<OfficeSlot, OfficeContribution[]>();
  private readonly providers: Array<{ plugin: Contributor; provider: OfficeSearchProvider }> = [];
  private count = 0;

  add<Slot extends OfficeSlot>(plugin: Contributor, slot: Slot, component: OfficeComponent<never>, options: OfficeSlotOptions[Slot]): void {
    if (typeof component !== 'function') throw new TypeError(`${plugin.id} contributed a ${slot} that is not a component`);
    if (slot === 'office.page') {
      const page = options as OfficeSlotOptions['office.page'];
      if (typeof page.path !== 'string' || typeof page.title !== 'string')
        throw new TypeError(`${plugin.id} contributed an office.page without a path and a title`);
    }
    this.count += 1;
    const list = this.bySlot.get(slot) ?? [];
    list.push({ key: `${plugin.id}:${slot}:${this.count}`, plugin, slot, component, options } as OfficeContribution);
    list.sort((a, b) => (a.options.order ?? 100) - (b.options.order ?? 100));
    this.bySlot.set(slot, list);
  }

  of<Slot extends OfficeSlot>(slot: Slot): readonly OfficeContribution<Slot>[] {
    return (this.bySlot.get(slot) ?? []) as unknown as OfficeContribution<Slot>[];
  }

  pages(): OfficePageRoute[] {
    return this.of('office.page').map((contribution) => ({
      contribution,
      pattern: joinPath(pagePrefix(contribution.plugin.id), contribution.options.path),
    }));
  }

  addSearch(plugin: Contributor, provider: OfficeSearchProvider): void {
    if (typeof provider?.find !== 'function' || typeof provider.title !== 'string')
      throw new TypeError(`${plugin.id} gave a search provider without a title and a find(text, limit, signal)`);
    this.providers.push({ plugin, provider });
  }

  searchProviders(): ReadonlyArray<{ readonly plugin: Contributor; readonly provider: OfficeSearchProvider }> {
    return this.providers;
  }
}

/** The `:name` parts of `path` when it matches `pattern`, or undefined. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/').filter(Boolean);
  const have = path.split('/').filter(Boolean);
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const value = have[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value);
    else if (part !== value) return undefined;
  }
  return params;
}
