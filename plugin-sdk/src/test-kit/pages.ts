import type { RequestOptions, TestResponse } from './requests.ts';

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

/** One query parameter of a route in the OpenAPI document. */
export interface OpenApiParameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly schema: Record<string, unknown>;
}

/** A list route as `/docs/json` describes it: its query parameters by name, and the schema of its 200 answer. */
export interface DocumentedList {
  readonly parameters: Readonly<Record<string, OpenApiParameter>>;
  readonly page: { readonly title?: string; readonly type?: string; readonly properties: Record<string, Record<string, unknown>> };
}

/** What the kernel's OpenAPI document says of `GET path` (a list route), to check its page shape is documented. */
export async function documentedList(kit: Requester, path: string): Promise<DocumentedList> {
  type Operation = {
    parameters?: OpenApiParameter[];
    responses: Record<string, { content: { 'application/json': { schema: DocumentedList['page'] } } }>;
  };
  const document = await kit.request<{ paths: Record<string, { get?: Operation }> }>('GET', '/docs/json');
  const list = document.body.paths[path]?.get;
  if (!list) throw new Error(`The OpenAPI document has no GET ${path}`);
  return {
    parameters: Object.fromEntries((list.parameters ?? []).map((parameter) => [parameter.name, parameter])),
    page: list.responses['200']!.content['application/json'].schema,
  };
}
