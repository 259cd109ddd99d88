import { createTestKernel, type TestKernel, type TestTenant } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pluginRole } from '../src/db/database.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

// A plugin names people (a cashier in a report) through its transaction's directory
// (`tx.directory.people`): display names of its own tenant's people, and nothing else of them.
// Its role still may not read kernel.users: the kernel reads them, as its own tenant role.

describe.each(DATABASE_KINDS)('a plugin names its tenant’s people on %s', (db) => {
  let kit: TestKernel;
  let other: TestTenant;
  let ada: string;
  let grace: string;
  let theirs: string;

  const person = async (displayName: string, token?: string): Promise<string> => {
    const email = `${displayName.toLowerCase().replace(/\W+/g, '.')}-${Math.random().toString(36).slice(2, 8)}@shop.test`;
    const created = await kit.request<{ id: string }>('POST', '/api/v1/tenants/current/users', {
      ...(token ? { token } : {}),
      body: { email, displayName, password: 'correct-horse-battery' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.id;
  };

  beforeAll(async () => {
    kit = await createTestKernel({ plugins: [fixturePlugin('snoop')], db });
    other = await kit.createTenant();
    ada = await person('Ada Lovelace');
    grace = await person('Grace Hopper');
    theirs = await person('Someone Else', other.admin.token);
  }, 120_000);
  afterAll(async () => kit?.close());

  const people = async (ids: readonly string[], token?: string) => {
    const answer = await kit.request<{ people: unknown[] }>('GET', `/api/v1/snoop/people?ids=${ids.join(',')}`, token ? { token } : {});
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    return answer.body.people;
  };

  it('answers the display names of its own tenant’s people among the ids asked — only the name', async () => {
    expect(await people([grace, theirs, 'cashier-7', ada, grace])).toEqual([
      { id: ada, displayName: 'Ada Lovelace' },
      { id: grace, displayName: 'Grace Hopper' },
    ]);
  });

  it('another tenant’s plugin gets its own people only, never these', async () => {
    expect(await people([ada, grace, theirs], other.admin.token)).toEqual([{ id: theirs, displayName: 'Someone Else' }]);
  });

  it('the plugin’s role still has no right on kernel.users: the kernel reads the names', async () => {
    const [row] = await kit.kernel.db.query<{ may_read: boolean }>("select has_table_privilege($1, 'kernel.users', 'select') as may_read", [
      pluginRole('snoop'),
    ]);
    expect(row!.may_read).toBe(false);
    const direct = await kit.request<{ rows?: unknown }>('GET', '/api/v1/snoop/kernel-users');
    expect(direct.status).toBe(500);
    expect(direct.body.rows).toBeUndefined();
  });
});
