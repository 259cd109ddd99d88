import type { OfficePluginContext } from '@kits/plugin-sdk/office';

/**
 * A report page keeps its filters in its URL query, and changes them by opening its own path with
 * the new query (a history entry each, so Back undoes a change): the page reads them back from
 * the query it is given, so a copied or reloaded link shows the same report.
 */
export function reportLink(context: OfficePluginContext, pagePath: string): (query: URLSearchParams) => void {
  return (query) => {
    const search = query.toString();
    context.navigate(`/${context.plugin.id}/${pagePath}${search ? `?${search}` : ''}`);
  };
}

/** The query with `changes` applied: a value sets its parameter, undefined or '' removes it. */
export function withQuery(query: URLSearchParams, changes: Readonly<Record<string, string | undefined>>): URLSearchParams {
  const next = new URLSearchParams(query);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined || value === '') next.delete(name);
    else next.set(name, value);
  }
  return next;
}
