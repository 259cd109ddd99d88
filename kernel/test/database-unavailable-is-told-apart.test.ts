import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from '../src/db/database-errors.ts';

const withCode = (code: string, message = 'x') => Object.assign(new Error(message), { code });

// A database that cannot be reached answers 503 with Retry-After (http/error-handler.ts); anything
// else keeps its own answer. What node-postgres and PostgreSQL report when the server goes away:
describe('telling a database that is away from other errors', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:5432'), true],
    ['a connection reset', withCode('ECONNRESET'), true],
    ['the server shutting down (admin_shutdown)', withCode('57P01', 'terminating connection due to administrator command'), true],
    ['the server starting up', withCode('57P03', 'the database system is starting up'), true],
    ['no connection slots left', withCode('53300'), true],
    ['a connection exception (class 08)', withCode('08006'), true],
    ['a connection that ended under the client', new Error('Connection terminated unexpectedly'), true],
    ['a pooled client that broke', new Error('Client has encountered a connection error and is not queryable'), true],
    ['a wrapped SQLSTATE', new Error('begin failed', { cause: withCode('57P01') }), true],
    ['an AggregateError of refused connections', Object.assign(new AggregateError([withCode('ECONNREFUSED')]), {}), true],
    ['a deadlock (retryable, but the database is there)', withCode('40P01'), false],
    ['a unique violation', withCode('23505'), false],
    ['a plugin call that failed (fetch wraps the socket error)', new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') }), false],
    ['a plain bug', new TypeError('x is not a function'), false],
    ['not an error at all', 'ECONNREFUSED', false],
  ])('%s → %s', (_what, error, unavailable) => {
    expect(isDatabaseUnavailable(error)).toBe(unavailable);
  });
});
