import { randomUUID } from 'node:crypto';
import type { TenantTransaction } from '@kits/plugin-sdk';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../src/plugins/tenant-transaction.ts';
import { DATABASE_KINDS } from './support/databases.ts';
import { fixturePlugin } from './support/fixtures.ts';

// `tx.savepoint(work)` (SDK TenantTransaction): a plugin undoes part of a transaction — the rows, the
// events and the audit entries of `work` — and goes on to record what the refusal means. Events and
// audit entries wait in memory until commit, so a SQL savepoint alone would have kept them.
describe.each(DATABASE_KINDS)('a plugin transaction savepoint on %s', (db) => {
  let kit: TestKernel;
  beforeAll(async () => {
    kit = await createTestKernel({ db, plugins: [fixturePlugin('notes')] });
  });
  afterAll(async () => kit?.close());

  /** Runs `work` in a transaction of the notes plugin, as that plugin's own database role. */
  const asNotes = <T>(work: (tx: TenantTransaction) => Promise<T>) =>
    kit.kernel.db.transaction({ tenantId: kit.tenant.id, deferred: true }, (tx) => {
      const pkg = kit.kernel.plugins.catalog.versions('notes')[0]!;
      return work(kit.kernel.plugins.tenantTransaction(tx, kit.tenant.id, pkg, systemActor(kit.tenant.id, 'notes')));
    });
  const note = async (tx: TenantTransaction, body: string) => {
    await tx.query('insert into notes.notes (tenant_id, body) values ($1, $2)', [tx.tenantId, body]);
    await tx.publish({ type: 'notes.note.created', payload: { body } });
    await tx.audit('notes.note.created', { body });
  };
  const kept = async (body: string) => ({
    notes: (await kit.kernel.db.query('select 1 from notes.notes where body = $1', [body])).length,
    events: (await kit.kernel.db.query("select 1 from kernel.outbox where type = 'notes.note.created' and payload->>'body' = $1", [body]))
      .length,
    audit: (
      await kit.kernel.db.query("select 1 from kernel.audit_log where action = 'notes.note.created' and detail->>'body' = $1", [body])
    ).length,
  });

  it('work that throws is undone — its rows, events and audit entries — and the transaction goes on to commit what came before and after', async () => {
    const [before, inside, after] = [randomUUID(), randomUUID(), randomUUID()];
    const refusal = await asNotes(async (tx) => {
      await note(tx, before);
      const caught = await tx
        .savepoint(async () => {
          await note(tx, inside);
          throw new Error('stock is short');
        })
        .catch((error: Error) => error.message);
      await note(tx, after);
      return caught;
    });
    expect(refusal).toBe('stock is short');
    expect(await kept(before)).toEqual({ notes: 1, events: 1, audit: 1 });
    expect(await kept(inside)).toEqual({ notes: 0, events: 0, audit: 0 });
    expect(await kept(after)).toEqual({ notes: 1, events: 1, audit: 1 });
  });

  it('work that succeeds keeps everything and answers its value; savepoints nest', async () => {
    const [outer, inner, dropped] = [randomUUID(), randomUUID(), randomUUID()];
    const answer = await asNotes((tx) =>
      tx.savepoint(async () => {
        await note(tx, outer);
        await tx.savepoint(() => note(tx, inner));
        await tx
          .savepoint(async () => {
            await note(tx, dropped);
            throw new Error('no');
          })
          .catch(() => undefined);
        return 'done';
      }),
    );
    expect(answer).toBe('done');
    expect(await kept(outer)).toEqual({ notes: 1, events: 1, audit: 1 });
    expect(await kept(inner)).toEqual({ notes: 1, events: 1, audit: 1 });
    expect(await kept(dropped)).toEqual({ notes: 0, events: 0, audit: 0 });
  });
});
