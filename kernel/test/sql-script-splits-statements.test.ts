import { describe, expect, it } from 'vitest';
import { splitSqlScript } from '../src/db/sql-script.ts';

describe('splitSqlScript', () => {
  it.each([
    ['select 1; select 2;', ['select 1', 'select 2']],
    ["insert into t values ('a;b'); select 2", ["insert into t values ('a;b')", 'select 2']],
    ["select 'it''s; fine'", ["select 'it''s; fine'"]],
    ['select 1 -- a; comment\n; select 2', ['select 1', 'select 2']],
    ['/* a; b */ select 1;', ['select 1']],
    ['do $$ begin perform 1; perform 2; end $$; select 3', ['do $$ begin perform 1; perform 2; end $$', 'select 3']],
    [
      'create function f() returns int as $body$ select 1; $body$ language sql;',
      ['create function f() returns int as $body$ select 1; $body$ language sql'],
    ],
    ['select "a;b" from t', ['select "a;b" from t']],
    ['  ;  ; ', []],
  ])('%j', (script, expected) => {
    expect(splitSqlScript(script)).toEqual(expected);
  });
});
