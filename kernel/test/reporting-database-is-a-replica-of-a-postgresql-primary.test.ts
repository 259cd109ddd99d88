import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.ts';
import { createValidators } from '../src/http/validation.ts';
import { RouteTable, type RouteMethodName } from '../src/plugins/route-table.ts';

const base = { DATA_DIR: 'memory://', JWT_SECRET: 'x'.repeat(40) };
const PRIMARY = 'postgres://kits@db-primary:5432/kits';

const refusal = (env: Record<string, string>): ConfigError => {
  try {
    loadConfig({ ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
};

describe('REPORTING_DATABASE_URL in the configuration', () => {
  it('is refused without DATABASE_URL: the embedded PGlite has no replica', () => {
    const error = refusal({ REPORTING_DATABASE_URL: 'postgres://kits@db-replica:5432/kits' });
    expect(error.variable).toBe('REPORTING_DATABASE_URL');
    expect(error.message).toMatch(/DATABASE_URL, which is not set: the embedded PGlite database has no replica/);
  });

  it.each([
    ['not a PostgreSQL URL', { REPORTING_DATABASE_URL: 'mysql://db-replica/kits' }, /expected a postgres: or postgresql: URL/],
    ['not a URL', { REPORTING_DATABASE_URL: 'db-replica' }, /is not a URL/],
    ['the primary itself', { REPORTING_DATABASE_URL: PRIMARY }, /names the same database as DATABASE_URL/],
  ])('is refused when %s, naming it', (_what, env, message) => {
    const error = refusal({ DATABASE_URL: PRIMARY, ...env });
    expect(error.variable).toBe('REPORTING_DATABASE_URL');
    expect(error.message).toMatch(message);
  });

  it('is read beside DATABASE_URL, and absent by default', () => {
    const replica = 'postgresql://kits@db-replica:5432/kits';
    expect(loadConfig({ ...base, DATABASE_URL: PRIMARY, REPORTING_DATABASE_URL: replica }).reportingDatabaseUrl).toBe(replica);
    expect(loadConfig({ ...base, DATABASE_URL: PRIMARY }).reportingDatabaseUrl).toBeUndefined();
    expect(loadConfig(base).reportingDatabaseUrl).toBeUndefined();
  });
});

describe("a route's readFrom", () => {
  const handler = async () => ({});

  it('is for GET routes only: a replica takes no writes, so a plugin declaring it elsewhere does not load', () => {
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as RouteMethodName[]) {
      const table = new RouteTable(createValidators());
      expect(() => table.add(method, '/entries', { readFrom: 'reporting', handler } as never)).toThrow(
        `Route ${method} /entries: only a GET route may read from the reporting database (readFrom), since a replica cannot take writes`,
      );
      expect(table.routes()).toEqual([]);
    }
  });

  it("is 'reporting' or left out", () => {
    const table = new RouteTable(createValidators());
    expect(() => table.add('GET', '/summary', { readFrom: 'replica', handler } as never)).toThrow(
      `Route GET /summary: readFrom is 'reporting' or left out, not "replica"`,
    );
    table.add('GET', '/summary', { readFrom: 'reporting', handler });
    table.add('GET', '/entries', { handler });
    expect(table.routes().map((route) => [route.url, route.readFrom])).toEqual([
      ['/summary', 'reporting'],
      ['/entries', 'primary'],
    ]);
  });
});
