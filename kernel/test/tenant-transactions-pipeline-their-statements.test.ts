import { createServer, Socket, type Server } from 'node:net';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';

/**
 * A TCP hop between the kernel and PostgreSQL that holds each answer back a little (a slow
 * link) and counts turns: how many times the kernel wrote again after an answer reached it.
 * Statements the kernel sends together, without waiting for answers, are one turn.
 */
function slowLink(target: { host: string; port: number }, holdMs: number) {
  let lastFrom: 'kernel' | 'server' = 'server';
  let turns = 0;
  let chunks = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((kernelSide) => {
    const serverSide = new Socket();
    sockets.add(kernelSide).add(serverSide);
    serverSide.connect(target.port, target.host);
    kernelSide.on('data', (chunk) => {
      chunks++;
      if (lastFrom === 'server') turns++;
      lastFrom = 'kernel';
      serverSide.write(chunk);
    });
    serverSide.on('data', (chunk) =>
      setTimeout(() => {
        lastFrom = 'server';
        kernelSide.write(chunk);
      }, holdMs),
    );
    const close = () => {
      kernelSide.destroy();
      serverSide.destroy();
    };
    kernelSide.on('close', close).on('error', close);
    serverSide.on('close', close).on('error', close);
  });
  return {
    listen: () =>
      new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
    /** Turns (and the chunks the kernel wrote, as they arrived) counted from now on. */
    count() {
      turns = 0;
      chunks = 0;
      lastFrom = 'server';
      return { turns: () => turns, chunks: () => chunks };
    },
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('a tenant transaction on PostgreSQL', () => {
  let kit: TestKernel;
  let link: ReturnType<typeof slowLink>;
  let db: Database;
  beforeAll(async () => {
    kit = await createTestKernel({ db: 'postgres' });
    const direct = new URL(kit.kernel.config.databaseUrl!);
    link = slowLink({ host: direct.hostname, port: Number(direct.port || 5432) }, 20);
    const viaLink = new URL(direct);
    viaLink.hostname = '127.0.0.1';
    viaLink.port = String(await link.listen());
    db = await openDatabase({ databaseUrl: viaLink.toString(), dataDir: 'memory://' }, [], pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await db?.close();
    await link?.close();
    await kit?.close();
  });
  beforeEach(async () => {
    // A connection in the pool, so no test counts the turns of opening one.
    await db.transaction({ tenantId: kit.tenant.id }, (tx) => tx.query('select 1'));
  });

  it('sends its begin and settings with its first statement: a read is two turns, the statement and the commit', async () => {
    const counted = link.count();
    const rows = await db.transaction({ tenantId: kit.tenant.id, deferred: true }, (tx) =>
      tx.query<{ tenant: string }>("select current_setting('kits.tenant_id') as tenant"),
    );
    expect(rows).toEqual([{ tenant: kit.tenant.id }]);
    expect(counted.turns()).toBe(2);
  });

  it('answers a read-only transaction after one turn: its commit leaves with the next begin on that connection', async () => {
    const read = () =>
      db.transaction({ tenantId: kit.tenant.id, deferred: true, readOnly: true }, (tx) =>
        tx.query<{ tenant: string }>("select current_setting('kits.tenant_id') as tenant"),
      );
    const counted = link.count();
    expect(await read()).toEqual([{ tenant: kit.tenant.id }]);
    expect(counted.turns()).toBe(1);
    expect(await read()).toEqual([{ tenant: kit.tenant.id }]);
    expect(counted.turns()).toBe(2);
  });

  it('refuses a write in a read-only transaction, and the write committed next on that connection is kept', async () => {
    const count = async () =>
      (await db.query<{ n: number }>("select count(*)::int as n from kernel.locations where name = 'After a read'")).at(0)!.n;
    const insert =
      "insert into kernel.locations (tenant_id, location_id, name, kind) values ($1, gen_random_uuid(), 'After a read', 'store')";
    await expect(
      db.transaction({ tenantId: kit.tenant.id, readOnly: true }, (tx) => tx.query(insert, [kit.tenant.id])),
    ).rejects.toMatchObject({ code: '25006' });
    expect(await count()).toBe(0);
    // A read's unwaited commit, then a write at once: the write is its own transaction, and committed.
    await db.transaction({ tenantId: kit.tenant.id, readOnly: true }, (tx) => tx.query('select 1'));
    await db.transaction({ tenantId: kit.tenant.id }, (tx) => tx.query(insert, [kit.tenant.id]));
    expect(await count()).toBe(1);
    await db.query("delete from kernel.locations where name = 'After a read'");
  });

  it('sends statements asked for together without waiting for the answers before them', async () => {
    const counted = link.count();
    const answers = await db.transaction({ tenantId: kit.tenant.id }, (tx) =>
      Promise.all([1, 2, 3].map((n) => tx.query<{ n: number }>('select $1::int as n', [n]))),
    );
    expect(answers).toEqual([[{ n: 1 }], [{ n: 2 }], [{ n: 3 }]]);
    expect(counted.turns()).toBe(2);
    // And in one write: the begin with the three statements, then the commit.
    expect(counted.chunks()).toBe(2);
  });

  it('sends COMMIT with the deferred writes, without waiting for their answers: a write with an event is two turns', async () => {
    const counted = link.count();
    const answer = await db.transaction({ tenantId: kit.tenant.id, deferred: true }, async (tx) => {
      tx.beforeCommit(async () => {
        await tx.query("select set_config('kits.flushed', 'yes', true)");
      });
      return tx.query<{ n: number }>('select 1 as n');
    });
    expect(answer).toEqual([{ n: 1 }]);
    expect(counted.turns()).toBe(2);
  });

  it('answers a failed statement with its own error, fails the ones sent after it, and keeps nothing', async () => {
    const count = async () =>
      (await db.query<{ n: number }>("select count(*)::int as n from kernel.locations where name = 'Pipelined'"))[0]!.n;
    const insert = "insert into kernel.locations (tenant_id, location_id, name, kind) values ($1, gen_random_uuid(), 'Pipelined', 'store')";
    const outcome = await db
      .transaction({ tenantId: kit.tenant.id }, async (tx) => {
        const written = tx.query(insert, [kit.tenant.id]);
        const failed = tx.query('select 1 / 0');
        const after = tx.query(insert, [kit.tenant.id]);
        const settled = await Promise.allSettled([written, failed, after]);
        return settled.map((s) => (s.status === 'fulfilled' ? 'ok' : (s.reason as Error).message));
      })
      .catch((error: Error) => error.message);
    expect(outcome).toEqual(['ok', 'division by zero', expect.stringContaining('current transaction is aborted')]);
    expect(await count()).toBe(0);
  });

  it('answers a begin that failed (a role that does not exist) to its first statement, not "transaction is aborted"', async () => {
    await expect(
      db.transaction({ tenantId: kit.tenant.id, deferred: true }, (tx) => tx.queryAs('kits_plugin_nobody', 'select 1')),
    ).rejects.toThrow('role "kits_plugin_nobody" does not exist');
    // The connection is fine for the next transaction.
    expect(await db.transaction({ tenantId: kit.tenant.id }, (tx) => tx.query<{ n: number }>('select 2 as n'))).toEqual([{ n: 2 }]);
  });
});
