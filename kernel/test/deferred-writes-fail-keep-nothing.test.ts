import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../src/db/database.ts';
import { DATABASE_KINDS } from './support/databases.ts';

// COMMIT is sent right behind a transaction's deferred writes (outbox, audit), without waiting for
// their answers: when one of them fails, nothing of the transaction may be kept.
describe.each(DATABASE_KINDS)('deferred writes that fail, on %s', (kind) => {
  let kit: TestKernel;
  let db: Database;
  beforeAll(async () => {
    kit = await createTestKernel({ db: kind });
    db = kit.kernel.db;
  });
  afterAll(async () => kit?.close());

  it("keeps nothing when a deferred write fails, and throws its error, not the commit's", async () => {
    const count = async () =>
      (await db.query<{ n: number }>("select count(*)::int as n from kernel.locations where name = 'Flushed'")).at(0)!.n;
    await expect(
      db.transaction({ tenantId: kit.tenant.id }, async (tx) => {
        tx.beforeCommit(async () => {
          await tx.query('select 1 / 0');
        });
        await tx.query(
          "insert into kernel.locations (tenant_id, location_id, name, kind) values ($1, gen_random_uuid(), 'Flushed', 'store')",
          [kit.tenant.id],
        );
      }),
    ).rejects.toThrow('division by zero');
    expect(await count()).toBe(0);
    expect(await db.transaction({ tenantId: kit.tenant.id }, (tx) => tx.query<{ n: number }>('select 3 as n'))).toEqual([{ n: 3 }]);
  });

  it('sends no COMMIT when a deferred write fails before it sends anything', async () => {
    const count = async () =>
      (await db.query<{ n: number }>("select count(*)::int as n from kernel.locations where name = 'Refused'")).at(0)!.n;
    await expect(
      db.transaction({ tenantId: kit.tenant.id }, async (tx) => {
        tx.beforeCommit(async () => {
          throw new Error('refused before sending');
        });
        await tx.query(
          "insert into kernel.locations (tenant_id, location_id, name, kind) values ($1, gen_random_uuid(), 'Refused', 'store')",
          [kit.tenant.id],
        );
      }),
    ).rejects.toThrow('refused before sending');
    expect(await count()).toBe(0);
  });
});
