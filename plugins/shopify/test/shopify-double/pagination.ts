import { GraphQLError } from 'graphql';

/**
 * Relay connections as Shopify pages them: `first`/`after` or `last`/`before` (one of first or
 * last is required, at most 250), `reverse`, and opaque cursors — base64 of
 * `{"last_id":…,"last_value":…}`, the shape Shopify's own cursors decode to.
 */

export interface PageArgs {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
  reverse?: boolean | null;
}

export interface Connection<T> {
  nodes: T[];
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

export type SortValue = string | number;
type Position = { id: number; value: SortValue };

export const MAX_PAGE_SIZE = 250;

function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify({ last_id: position.id, last_value: position.value })).toString('base64');
}

function decodeCursor(cursor: string): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8')) as { last_id?: unknown; last_value?: unknown };
    if (typeof parsed.last_id === 'number' && (typeof parsed.last_value === 'string' || typeof parsed.last_value === 'number')) {
      return { id: parsed.last_id, value: parsed.last_value };
    }
  } catch {
    // Falls through to the error Shopify answers for a cursor it did not hand out.
  }
  throw new GraphQLError('Invalid cursor for current pagination sort.', { extensions: { code: 'BAD_REQUEST' } });
}

function compare(a: Position, b: Position): number {
  if (a.value < b.value) return -1;
  if (a.value > b.value) return 1;
  return a.id - b.id;
}

/** The page size a connection or a sized list will hold (for the cost of a query before it runs). */
export function requirePageSize(args: PageArgs): number {
  const size = args.first ?? args.last;
  if (size === null || size === undefined) {
    throw new GraphQLError('you must provide one of first or last', { extensions: { code: 'BAD_REQUEST' } });
  }
  if (size < 0 || size > MAX_PAGE_SIZE) {
    throw new GraphQLError(`The requested page size ${size} must be between 0 and ${MAX_PAGE_SIZE}.`, {
      extensions: { code: 'BAD_REQUEST' },
    });
  }
  return size;
}

/** One page of `items`, ordered by `position` (sort value, then id) ascending, or descending with `reverse`. */
export function paginate<T>(items: readonly T[], position: (item: T) => Position, args: PageArgs): Connection<T> {
  const size = requirePageSize(args);
  const direction = args.reverse ? -1 : 1;
  const ordered = items.map((item) => ({ item, at: position(item) })).sort((a, b) => direction * compare(a.at, b.at));
  let start = 0;
  let end = ordered.length;
  if (args.after) {
    const after = decodeCursor(args.after);
    const index = ordered.findIndex((entry) => direction * compare(entry.at, after) > 0);
    start = index === -1 ? ordered.length : index;
  }
  if (args.before) {
    const before = decodeCursor(args.before);
    const index = ordered.findIndex((entry) => direction * compare(entry.at, before) >= 0);
    end = index === -1 ? ordered.length : index;
  }
  let window = ordered.slice(start, Math.max(start, end));
  let hasNextPage = end < ordered.length;
  let hasPreviousPage = start > 0;
  if (args.first !== null && args.first !== undefined) {
    hasNextPage = window.length > size || hasNextPage;
    window = window.slice(0, size);
  } else {
    hasPreviousPage = window.length > size || hasPreviousPage;
    window = window.slice(Math.max(0, window.length - size));
  }
  const edges = window.map((entry) => ({ cursor: encodeCursor(entry.at), node: entry.item }));
  return {
    nodes: edges.map((edge) => edge.node),
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A plain list field sized by `first` (Order.refunds, Order.transactions): the first n, or all without it. */
export function firstOf<T>(items: readonly T[], first: number | null | undefined): T[] {
  return first === null || first === undefined ? [...items] : items.slice(0, Math.max(0, first));
}
