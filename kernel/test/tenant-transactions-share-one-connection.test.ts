import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../src/db/database.ts';
import { DATABASE_KINDS } from './support/databases.ts';

describe.each(DATABASE_KINDS)('a tenant transaction on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db });
  });
  afterAll(async () => kit?.close());

  it('its entity manager runs in the same transaction as its queries, as the tenant role', async () => {
    const seen = await kit.kernel.db.transaction({ tenantId: kit.tenant.id, deferred: true }, async (tx) => {
      await tx.query("select set_config('kits.probe', 'same transaction', true)");
      const em = await tx.entityManager();
      return em.execute<Array<{ probe: string; tenant: string; role: string }>>(
        "select current_setting('kits.probe') as probe, current_setting('kits.tenant_id') as tenant, current_user as role",
      );
    });
    expect(seen[0]).toEqual({ probe: 'same transaction', tenant: kit.tenant.id, role: 'kits_tenant' });
  });

  it('what its entity manager writes commits with the transaction, and rolls back with it', async () => {
    const count = async () =>
      (await kit.kernel.db.query<{ n: number }>("select count(*)::int as n from kernel.locations where name like 'EM %'"))[0]!.n;
    const insert = (name: string) => async (tx: Transaction) => {
      const em = await tx.entityManager();
      await em.execute(
        `insert into kernel.locations (tenant_id, location_id, name, kind) values ('${kit.tenant.id}', gen_random_uuid(), '${name}', 'store')`,
      );
    };
    await kit.kernel.db.transaction({ tenantId: kit.tenant.id, deferred: true }, insert('EM kept'));
    expect(await count()).toBe(1);
    await expect(
      kit.kernel.db.transaction({ tenantId: kit.tenant.id, deferred: true }, async (tx) => {
        await insert('EM dropped')(tx);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await count()).toBe(1);
  });

  it('a transaction that throws leaves nothing behind', async () => {
    const before = await kit.kernel.db.query<{ n: number }>('select count(*)::int as n from kernel.locations');
    await expect(
      kit.kernel.db.transaction({ tenantId: kit.tenant.id }, async (tx) => {
        await tx.query(
          "insert into kernel.locations (tenant_id, location_id, name, kind) values ($1, gen_random_uuid(), 'Ghost', 'store')",
          [kit.tenant.id],
        );
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await kit.kernel.db.query('select count(*)::int as n from kernel.locations')).toEqual(before);
  });
});
