import { createHash } from 'node:crypto';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { CompiledQuery, Kysely, PostgresDialect, PostgresDriver, type PostgresPool } from 'kysely';
import type pg from 'pg';

/** What a tenant transaction sets when it begins: row-level security's tenant and the role its statements run as. */
export interface TenantSettings {
  readonly tenantId: string;
  readonly role: string;
}

/**
 * One transaction's hold on the database, from its begin to its commit or rollback. Two kinds:
 * on PostgreSQL a pooled `pg` client the kernel drives itself (`openPgTransaction`); on PGlite,
 * which runs in this process, MikroORM's own transaction (`openOrmTransaction`).
 */
export interface TransactionConnection {
  /**
   * Sends a statement and answers its rows. Statements go in the order they are asked for; on
   * PostgreSQL each is written to the socket at once, without waiting for the answers of those
   * before it (the client pipelines), so statements asked for together cost one round trip.
   */
  query<Row extends object>(sql: string, params: readonly unknown[]): Promise<Row[]>;
  /** A MikroORM entity manager whose statements run in this transaction. */
  entityManager(): Promise<EntityManager>;
  /** Flushes the entity manager (when one was asked for), then commits. */
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

export interface OpenOptions {
  /**
   * The transaction only reads: begun `read only` (PostgreSQL refuses a write in it), and on
   * PostgreSQL its commit is not waited for (see `openPgTransaction`).
   */
  readonly readOnly?: boolean;
  /** Isolation level repeatable read: one snapshot for the whole transaction (see TransactionOptions.oneSnapshot). */
  readonly oneSnapshot?: boolean;
}

/** The `begin` of a transaction with these options. */
function beginStatementOf(options: OpenOptions): string {
  const modes = [...(options.oneSnapshot ? ['isolation level repeatable read'] : []), ...(options.readOnly ? ['read only'] : [])];
  return modes.length > 0 ? `begin ${modes.join(', ')}` : 'begin';
}

export type OpenTransaction = (settings: TenantSettings | undefined, options?: OpenOptions) => Promise<TransactionConnection>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The settings statement with its values written in, for the simple-query protocol (which has no
 * parameters but runs `begin; select …` in one round trip). Both values are checked to be what
 * they must be (a UUID, a role's name), so nothing a client sends can change the statement.
 * JIT off: tenant transactions run short OLTP queries, where compiling costs more than it saves
 * (measured: ~400 ms of a 456 ms search whose row estimates crossed the JIT thresholds).
 */
function settingsLiteral({ tenantId, role }: TenantSettings): string {
  if (!UUID.test(tenantId)) throw new Error(`"${tenantId}" is not a tenant id (a UUID); the transaction was not begun.`);
  if (!ROLE.test(role)) throw new Error(`"${role}" is not a role name; the transaction was not begun.`);
  return `select set_config('kits.tenant_id', '${tenantId}', true), set_config('role', '${role}', true), set_config('jit', 'off', true)`;
}

/**
 * `answer`, unless `before` — a statement sent ahead of it, not waited for — fails: then `before`'s
 * error, which says why `answer` failed too ("current transaction is aborted").
 */
export async function answerAfter<T>(before: Promise<unknown>, answer: Promise<T>): Promise<T> {
  try {
    await before;
  } catch (error) {
    answer.catch(() => undefined);
    throw error;
  }
  return answer;
}

/** Runs a statement on a `pg` pool or client and answers its rows. */
export type RunStatement = <Row extends object>(on: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]) => Promise<Row[]>;

/**
 * Runs each statement as a named prepared statement, named by its text's hash, so a connection
 * parses and plans it once, not per execution (parse and bind were half the server's time on the
 * checkout path). Text built with values in it would grow the names without end: past 5,000
 * statements new ones run unnamed.
 */
export function namedStatements(): RunStatement {
  const names = new Map<string, string>();
  const nameOf = (sql: string): string | undefined => {
    let name = names.get(sql);
    if (!name) {
      if (names.size >= 5_000) return undefined;
      name = `kits_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      names.set(sql, name);
    }
    return name;
  };
  return async <Row extends object>(on: pg.Pool | pg.PoolClient, sql: string, params: readonly unknown[]) => {
    const name = nameOf(sql);
    const values = params as unknown[];
    const result = await on.query<Row & pg.QueryResultRow>(name ? { name, text: sql, values } : { text: sql, values });
    return result.rows as Row[];
  };
}

/**
 * Runs each statement unnamed (parsed and planned every time it runs): for DATABASE_URL naming a
 * pooler that hands out a server connection per transaction (PgBouncer's `pool_mode = transaction`
 * before 1.21, which does not track prepared statements). There a named statement is prepared on
 * one server connection and then bound on another that never saw it ("prepared statement … does
 * not exist") or that another client prepared it on already ("… already exists").
 */
export const unnamedStatements: RunStatement = async <Row extends object>(
  on: pg.Pool | pg.PoolClient,
  sql: string,
  params: readonly unknown[],
) => (await on.query<Row & pg.QueryResultRow>({ text: sql, values: params as unknown[] })).rows as Row[];

/**
 * PostgreSQL: a client from MikroORM's pool (in pipeline mode), driven directly. `begin` and the
 * tenant's settings go in one message (simple protocol) that is not waited for: the first
 * statement follows it on the wire, so a transaction's first statement costs no extra round trip.
 * Every statement is a named prepared statement, and no ORM or query builder sits between a
 * statement and the socket: on two cores the checkout's time went mostly to socket writes and the
 * layers above them. The entity manager, asked for rarely, is bound to the same client through a
 * Kysely transaction whose `begin` was already sent.
 *
 * A read-only transaction's commit is sent and not waited for: its client goes back to the pool at
 * once, and the commit waits in the socket's buffer (see `socketCorks`) for the begin of a
 * transaction that takes the client in the same turn, so under load a read costs the server one
 * wake-up and the kernel one write. Nothing depends on that commit: it makes nothing durable, and
 * the rows read were answered already; statements sent after it on the client run after it.
 */
export function openPgTransaction(orm: MikroORM, pool: () => Promise<pg.Pool>, run: RunStatement): OpenTransaction {
  const corkForThisTurn = socketCorks();
  return async (settings, options = {}) => {
    const client = await (await pool()).connect();
    // The begin waits in the socket's buffer for the first statement: one write for both.
    corkForThisTurn(client);
    const beginStatement = beginStatementOf(options);
    let begun: Promise<unknown>;
    try {
      begun = client.query(settings ? `${beginStatement}; ${settingsLiteral(settings)}` : beginStatement);
    } catch (error) {
      client.release(error as Error);
      throw error;
    }
    // Answered to the first statement (and to commit); never left unhandled when none follows.
    begun.catch(() => undefined);
    let em: EntityManager | undefined;
    let released = false;
    const release = (error?: Error) => {
      if (released) return;
      released = true;
      client.release(error);
    };
    return {
      async query<Row extends object>(sql: string, params: readonly unknown[]) {
        corkForThisTurn(client);
        return answerAfter(begun, run<Row>(client, sql, params));
      },
      async entityManager() {
        await begun;
        em ??= await entityManagerOn(orm, client);
        return em;
      },
      async commit() {
        try {
          await begun;
          corkForThisTurn(client);
          if (options.readOnly && !em) {
            // A failure here is a broken connection, which the pool drops on its own.
            client.query('commit').catch(() => undefined);
            release();
            return;
          }
          if (em) await em.flush();
          await client.query('commit');
          release();
        } catch (error) {
          await client.query('rollback').then(
            () => release(),
            () => release(error as Error),
          );
          throw error;
        }
      },
      async rollback() {
        try {
          await client.query('rollback');
          release();
        } catch (error) {
          // A client that cannot even roll back is broken: the pool drops it.
          release(error as Error);
        }
      },
    };
  };
}

/**
 * Answers `corkForThisTurn(client)`: holds what the client writes in its socket's buffer until the
 * promises of this turn of the event loop have run (`process.nextTick` comes after them), so the
 * statements a transaction sends together — its begin and first statement, a role switch and its
 * statement, reads asked for at once, the deferred rows and COMMIT — leave in one write, which
 * wakes the server once. `pg` itself corks only the messages of one statement.
 */
function socketCorks(): (client: pg.PoolClient) => void {
  const corked = new WeakSet<pg.PoolClient>();
  return (client) => {
    if (corked.has(client)) return;
    const stream = (client as unknown as { connection?: { stream?: { cork?(): void; uncork?(): void } } }).connection?.stream;
    if (!stream?.cork || !stream.uncork) return;
    stream.cork();
    corked.add(client);
    process.nextTick(() => {
      corked.delete(client);
      stream.uncork!();
    });
  };
}

/** A MikroORM entity manager in the transaction a held `pg` client has begun. */
async function entityManagerOn(orm: MikroORM, client: pg.PoolClient): Promise<EntityManager> {
  // The client stays held by the transaction: Kysely's release of it must not return it to the pool.
  const held = new Proxy(client, {
    get(target, property) {
      if (property === 'release') return () => undefined;
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  const pool = { connect: async () => held, end: async () => undefined } as unknown as PostgresPool;
  class AlreadyBegunDriver extends PostgresDriver {
    override async beginTransaction(): Promise<void> {}
  }
  class HeldClientDialect extends PostgresDialect {
    override createDriver() {
      return new AlreadyBegunDriver({ pool });
    }
  }
  const kysely = new Kysely<unknown>({ dialect: new HeldClientDialect({ pool }) });
  const em = orm.em.fork();
  em.setTransactionContext(await kysely.startTransaction().execute());
  return em;
}

/** PGlite (or any MikroORM driver): MikroORM's transaction, the same settings statement after `begin`, statements in order. */
export function openOrmTransaction(orm: MikroORM): OpenTransaction {
  type Executor = Pick<Kysely<unknown>, 'executeQuery'>;
  return async (settings, options = {}) => {
    const em = orm.em.fork();
    await em.begin();
    // One statement after another, in the order asked for (PGlite runs them one at a time anyway).
    let last: Promise<unknown> = Promise.resolve();
    const query = <Row extends object>(sql: string, params: readonly unknown[]): Promise<Row[]> => {
      const rows = last.then(async () => {
        const result = await em.getTransactionContext<Executor>()!.executeQuery<Row>(CompiledQuery.raw(sql, params as unknown[]));
        return result.rows as Row[];
      });
      last = rows.catch(() => undefined);
      return rows;
    };
    const opening = [
      ...(options.oneSnapshot ? ['set transaction isolation level repeatable read'] : []),
      ...(options.readOnly ? ['set transaction read only'] : []),
      ...(settings ? [settingsLiteral(settings)] : []),
    ];
    for (const statement of opening) {
      try {
        await query(statement, []);
      } catch (error) {
        await em.rollback().catch(() => undefined);
        throw error;
      }
    }
    return {
      query,
      entityManager: async () => em,
      commit: async () => {
        await last;
        await em.commit();
      },
      rollback: async () => {
        await last;
        if (em.isInTransaction()) await em.rollback().catch(() => undefined);
      },
    };
  };
}
