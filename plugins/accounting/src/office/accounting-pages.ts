import type { OfficePluginContext } from '@kits/plugin-sdk/office';

/** Where the accounting pages and the accounting systems' own pages are listed (D-180's way for a kind of plugin). */
export const NAV_SECTION = 'Accounting';

/** The accounting pages' paths below /office/accounting. */
export const PAGE_PATHS = {
  exports: '',
  mapping: 'mapping',
  day: 'days/:locationId/:day',
} as const;

/** The href of the exports list, with its filters' query (`?status=failed`). */
export const exportsHref = (context: OfficePluginContext, query = ''): string => `${context.href(PAGE_PATHS.exports)}${query}`;

export const mappingHref = (context: OfficePluginContext): string => context.href(PAGE_PATHS.mapping);

/** The href of a location's day and its journal. */
export const dayHref = (context: OfficePluginContext, locationId: string, day: string): string =>
  context.href(`days/${encodeURIComponent(locationId)}/${encodeURIComponent(day)}`);

/** The page of the accounting system's plugin (its connection), which the provider plugin registers at its root. */
export const providerHref = (systemId: string): string => `/office/${encodeURIComponent(systemId)}`;

/** The marketplace page of a plugin, where the merchant enables it. */
export const marketplaceHref = (pluginId: string): string => `/office/marketplace/${encodeURIComponent(pluginId)}`;
