import type { RequestOptions, TestResponse } from './index.ts';

interface Requester {
  request<Body = unknown>(method: string, url: string, options?: RequestOptions): Promise<TestResponse<Body>>;
}

export interface WalkedPages<Item> {
  /** Every item, in the order the pages gave them. */
  readonly items: Item[];
  /** The pages one by one. */
  readonly pages: Item[][];
}

/**
 * Reads a paginated list from `url` (with its filters and `limit`) to its last page, following each
 * page's `nextCursor`. `between(n)` runs after the n-th page (from 1), before the next is asked
 * for: to insert rows while a client is part way through. Fails on any answer but 200.
 */
export async function walkPages<Item>(
  kit: Requester,
  url: string,
  options: { readonly token?: string; readonly between?: (pagesRead: number) => Promise<void> } = {},
): Promise<WalkedPages<Item>> {
  const pages: Item[][] = [];
  let cursor: string | null = null;
  do {
    const pageUrl: string = cursor === null ? url : `${url}${url.includes('?') ? '&' : '?'}cursor=${encodeURIComponent(cursor)}`;
    const page = await kit.request<{ items: Item[]; nextCursor: string | null }>('GET', pageUrl, {
      ...(options.token ? { token: options.token } : {}),
    });
    if (page.status !== 200) throw new Error(`GET ${pageUrl} answered ${page.status}: ${JSON.stringify(page.body)}`);
    pages.push(page.body.items);
    cursor = page.body.nextCursor;
    if (pages.length > 1000) throw new Error(`GET ${url} gave more than 1,000 pages: is its cursor moving on?`);
    if (cursor !== null) await options.between?.(pages.length);
  } while (cursor !== null);
  return { items: pages.flat(), pages };
}
