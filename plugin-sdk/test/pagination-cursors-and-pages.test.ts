import { describe, expect, it } from 'vitest';
import {
  containsPattern,
  decodeCursor,
  encodeCursor,
  isDomainError,
  pageOf,
  pageRequest,
  SqlConditions,
  type CursorPart,
} from '../src/index.ts';

const ID = '0194f0c2-7a3e-7c41-9d2e-3b6a1f0e8c55';
const AT = '2026-11-26T09:30:15.123456Z';
const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

describe('cursors', () => {
  it.each<[string, readonly (string | number)[], readonly CursorPart[]]>([
    ['an id', [ID], ['uuid']],
    ['a time to the microsecond and an id', [AT, ID], ['timestamp', 'uuid']],
    ['a name with quotes and emoji, and an id', ['Çé "Ö" 😀', ID], ['text', 'uuid']],
    ['a number', [42], ['integer']],
  ])('give back the sort key they were made from: %s', (_what, key, shape) => {
    const cursor = encodeCursor(key);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, shape)).toEqual(key);
  });

  it('no cursor is the first page', () => {
    expect(decodeCursor(undefined, ['uuid'])).toBeNull();
  });

  it.each<[string, string, readonly CursorPart[]]>([
    ['empty', '', ['uuid']],
    ['not base64url', 'a+b/c=', ['uuid']],
    ['not JSON', b64('{"a"'), ['uuid']],
    ['not an array', b64({ id: ID }), ['uuid']],
    ['too few values', b64([AT]), ['timestamp', 'uuid']],
    ['too many values', b64([ID, ID]), ['uuid']],
    ['an id that is not one', b64(["x' or 1=1 --"]), ['uuid']],
    ['a time in milliseconds (a row would be handed out again)', b64(['2026-11-26T09:30:15.123Z', ID]), ['timestamp', 'uuid']],
    ['a time that is no time', b64(['2026-13-45T99:99:99.000000Z', ID]), ['timestamp', 'uuid']],
    ['February 30th', b64(['2026-02-30T10:00:00.000000Z', ID]), ['timestamp', 'uuid']],
    ['a number for a name', b64([7, ID]), ['text', 'uuid']],
    ['a name too long', b64(['n'.repeat(1001), ID]), ['text', 'uuid']],
    ['a fraction for an integer', b64([1.5]), ['integer']],
    ['longer than any cursor', 'a'.repeat(8193), ['text']],
  ])('a cursor that is %s is a 400 pagination.bad_cursor naming the parameter', (_what, cursor, shape) => {
    let thrown: unknown;
    try {
      decodeCursor(cursor, shape);
    } catch (error) {
      thrown = error;
    }
    expect(isDomainError(thrown)).toBe(true);
    expect(thrown).toMatchObject({ status: 400, code: 'pagination.bad_cursor', extensions: { errors: [{ field: 'querystring.cursor' }] } });
  });
});

describe('pages', () => {
  const rows = [1, 2, 3, 4].map((n) => ({ n, id: `id-${n}` }));

  it('hand out `limit` rows and the cursor of the last when a further row was read', () => {
    const page = pageOf(
      rows,
      3,
      (row) => row.n,
      (row) => [row.id],
    );
    expect(page.items).toEqual([1, 2, 3]);
    expect(decodeCursor(page.nextCursor!, ['text'])).toEqual(['id-3']);
  });

  it('say there is no next page when no further row was read', () => {
    expect(
      pageOf(
        rows,
        4,
        (row) => row.n,
        (row) => [row.id],
      ),
    ).toEqual({ items: [1, 2, 3, 4], nextCursor: null });
    expect(
      pageOf(
        [],
        4,
        (row: { id: string }) => row,
        (row) => [row.id],
      ),
    ).toEqual({ items: [], nextCursor: null });
  });

  it('are 50 rows unless the request names a size', () => {
    expect(pageRequest({})).toEqual({ limit: 50, cursor: undefined });
    expect(pageRequest({ limit: 7, cursor: 'abc' })).toEqual({ limit: 7, cursor: 'abc' });
  });
});

describe('list statements', () => {
  it('number their parameters in the order the filters are added, and have no WHERE without one', () => {
    expect(new SqlConditions().where).toBe('');
    const sql = new SqlConditions();
    sql.and(`status = ${sql.param('active')}`).and(`(name ilike ${sql.param(containsPattern('50%_off\\'))})`);
    expect(sql.where).toBe('where status = $1 and (name ilike $2)');
    expect(sql.params).toEqual(['active', '%50\\%\\_off\\\\%']);
    expect(`limit ${sql.param(51)}`).toBe('limit $3');
  });
});
