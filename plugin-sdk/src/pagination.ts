import { Type, type TProperties, type TSchema } from 'typebox';
import { badRequest } from './errors.ts';

/**
 * One way to page through every list of the API: `?limit=&cursor=` in, `{ items, nextCursor }`
 * out. Lists are keyset-paginated: a cursor is the sort key of the last row handed out (opaque to
 * clients: base64url of a JSON array), and the next page is the rows after it in the list's
 * order. Rows inserted while a client walks the pages never shift the pages it has still to read
 * (no OFFSET), so no row is handed out twice or skipped because of them.
 */

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;
/** Longer than any cursor a list hands out (a few sort key values, a name of up to 1,000 characters among them). */
const MAX_CURSOR_LENGTH = 8192;

export const PageLimit = Type.Integer({
  minimum: 1,
  maximum: MAX_PAGE_LIMIT,
  default: DEFAULT_PAGE_LIMIT,
  description: `Rows per page, 1 to ${MAX_PAGE_LIMIT} (default ${DEFAULT_PAGE_LIMIT})`,
});

export const PageCursor = Type.String({
  description: 'The nextCursor of the previous page, as it came; leave it out for the first page',
});

/** A list route's query: its own filters, then `limit` and `cursor`; unknown parameters are refused. */
export function PageQuery<Filters extends TProperties>(filters: Filters) {
  return Type.Object({ ...filters, limit: Type.Optional(PageLimit), cursor: Type.Optional(PageCursor) }, { additionalProperties: false });
}

/** A list route's answer: one page of `item`, and the cursor of the next page (null on the last). */
export function Page<Item extends TSchema>(item: Item) {
  return Type.Object(
    {
      items: Type.Array(item),
      nextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'Pass as `cursor` for the next page; null when this page is the last',
      }),
    },
    { title: 'Page', description: 'One page of a list, in the list’s order' },
  );
}

export interface PageOf<Item> {
  items: Item[];
  nextCursor: string | null;
}

/** Which page a request asks for: how many rows, after which (none for the first page). */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string | undefined;
}

/** The page a list route's query asks for, with the default size when it names none. */
export const pageRequest = (query: { readonly limit?: number | undefined; readonly cursor?: string | undefined }): PageRequest => ({
  limit: query.limit ?? DEFAULT_PAGE_LIMIT,
  cursor: query.cursor,
});

/** What one value of a sort key is: each is checked when a cursor comes back. */
export type CursorPart = 'uuid' | 'timestamp' | 'text' | 'integer';
type CursorValueOf<Part extends CursorPart> = Part extends 'integer' ? number : string;
export type CursorKey<Shape extends readonly CursorPart[]> = { -readonly [I in keyof Shape]: CursorValueOf<Shape[I]> };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** How `timestampKeySql` writes a timestamp: UTC to the microsecond, so none is lost on the way back. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

/** Whether a time names a real instant (a lenient parser rolls February 30th over into March). */
function isRealTime(value: string): boolean {
  const time = Date.parse(value);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 23) === value.slice(0, 23);
}

const fits: Record<CursorPart, (value: unknown) => boolean> = {
  uuid: (value) => typeof value === 'string' && UUID.test(value),
  timestamp: (value) => typeof value === 'string' && TIMESTAMP.test(value) && isRealTime(value),
  text: (value) => typeof value === 'string' && value.length <= 1000,
  integer: (value) => Number.isSafeInteger(value),
};

/** The cursor of the row whose sort key is `key` (the last row of a page). */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const badCursor = () =>
  badRequest(
    'pagination.bad_cursor',
    'The cursor is not one this list handed out: pass the nextCursor of the previous page as it came, or leave it out for the first page.',
    { errors: [{ field: 'querystring.cursor', message: 'is not a cursor of this list' }] },
  );

/**
 * The sort key a cursor holds, checked against the list's `shape`; null without a cursor. Anything
 * else (not base64url JSON, another list's cursor, a value of the wrong kind) is a 400 problem
 * `pagination.bad_cursor` naming `querystring.cursor`.
 */
export function decodeCursor<const Shape extends readonly CursorPart[]>(cursor: string | undefined, shape: Shape): CursorKey<Shape> | null {
  if (cursor === undefined) return null;
  if (cursor.length > MAX_CURSOR_LENGTH || !BASE64URL.test(cursor)) throw badCursor();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(key) || key.length !== shape.length || !shape.every((part, index) => fits[part](key[index]))) throw badCursor();
  return key as CursorKey<Shape>;
}

/**
 * The page of `rows`, read with `limit + 1` rows so a further one tells that there is a next page:
 * the first `limit` rows as items, and the cursor of the last of them when more follow.
 */
export function pageOf<Row, Item>(
  rows: readonly Row[],
  limit: number,
  item: (row: Row) => Item,
  sortKey: (row: Row) => readonly (string | number)[],
): PageOf<Item> {
  const page = rows.slice(0, limit);
  return { items: page.map(item), nextCursor: rows.length > limit ? encodeCursor(sortKey(page.at(-1)!)) : null };
}

/**
 * SQL for a timestamp column as a sort key value: UTC text to the microsecond (a JavaScript Date
 * keeps milliseconds, and a cursor that lost the rest would hand the same row out again). Compare
 * with `$n::timestamptz`.
 */
export const timestampKeySql = (column: string): string => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * A list statement's WHERE clause and its `$n` parameters, built a filter at a time, so a filter
 * left out is not in the statement at all (each combination is its own prepared statement, planned
 * for what it filters on):
 *   const sql = new SqlConditions();
 *   if (query.status) sql.and(`status = ${sql.param(query.status)}`);
 *   await tx.query(`select … from t ${sql.where} order by id limit ${sql.param(limit + 1)}`, sql.params);
 */
export class SqlConditions {
  readonly params: unknown[] = [];
  readonly #conditions: string[] = [];

  /** The placeholder (`$3`) of `value`, added as the next parameter. */
  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  and(condition: string): this {
    this.#conditions.push(condition);
    return this;
  }

  /** `where a and b …`, or nothing when no condition was added. */
  get where(): string {
    return this.#conditions.length === 0 ? '' : `where ${this.#conditions.join(' and ')}`;
  }
}

/** A LIKE / ILIKE pattern for "contains `text`": its `%`, `_` and `\` are characters to find, not wildcards. */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
