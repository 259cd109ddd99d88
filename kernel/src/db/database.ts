import { createHash } from 'node:crypto';
import type { EntityManager, EntitySchema, MikroORM } from '@mikro-orm/core';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import { isDatabaseUnavailable } from './database-errors.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The role every tenant transaction runs as: row-level security applies to it, never to the owner. */
export const TENANT_ROLE = 'kits_tenant';

export interface Sql {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Transaction extends Sql {
  /** The MikroORM entity manager of this transaction (begins it when it is deferred). */
  entityManager(): Promise<EntityManager>;
  /** Runs `fn` after the transaction commits (never when it rolls back). */
  afterCommit(fn: () => void): void;
  /** Runs `fn` just before COMMIT, inside the transaction (deferred writes flush here); a failure rolls back. */
  beforeCommit(fn: () => Promise<void>): void;
  /** Values remembered for the life of this transaction (see TenantTransaction.memo). */
  readonly memos: Map<string, Promise<unknown>>;
}

export interface TransactionOptions {
  /** Restrict every statement to this tenant through row-level security. */
  readonly tenantId?: string;
  /**
   * Begin only when the first statement runs (or the entity manager is asked for): a plugin route
   * that never touches the database costs no round trips. Commits or rolls back as usual.
   */
  readonly deferred?: boolean;
}

/**
 * The kernel's one database handle. `transaction` with a tenant runs as the restricted role with
 * `kits.tenant_id` set for the transaction only; without a tenant it runs as the kernel itself
 * (migrations, the outbox relay, login lookups).
 */
export interface Database extends Sql {
  readonly kind: DatabaseKind;
  readonly orm: MikroORM;
  transaction<T>(options: TransactionOptions, fn: (tx: Transaction) => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  /** Connection pool figures on PostgreSQL; undefined on PGlite, which has one connection. */
  poolStats(): Promise<{ total: number; idle: number; waiting: number } | undefined>;
  close(): Promise<void>;
}

export async function openDatabase(
  config: Pick<KernelConfig, 'databaseUrl' | 'dataDir'>,
  entities: readonly EntitySchema[],
  log: Logger,
): Promise<Database> {
  const common = {
    entities: [...entities],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    debug: false,
    logger: (message: string) => log.debug({ orm: true }, message),
  };
  let orm: MikroORM;
  let kind: DatabaseKind;
  if (config.databaseUrl) {
    const { MikroORM: PgOrm } = await import('@mikro-orm/postgresql');
    orm = await PgOrm.init({ ...common, clientUrl: config.databaseUrl, pool: { min: 1, max: 20 } });
    kind = 'postgres';
  } else {
    const { MikroORM: PgliteOrm } = await import('@mikro-orm/pglite');
    // Extensions plugins may create (`create extension if not exists …`) must be loaded into PGlite up front.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const dataDir = config.dataDir.startsWith('memory://') ? undefined : `${config.dataDir}/pglite`;
    orm = await PgliteOrm.init({ ...common, ...(dataDir ? { dbName: dataDir } : {}), driverOptions: { extensions: { pg_trgm } } });
    kind = 'pglite';
  }
  return createDatabase(orm, kind);
}

function createDatabase(orm: MikroORM, kind: DatabaseKind): Database {
  const connection = () => orm.em.getConnection();

  // Statements go through the Kysely executor MikroORM holds (its transaction when there is one)
  // with server-side $n parameters; MikroORM's own execute() would interpolate values client-side.
  type Executor = Pick<Kysely<unknown>, 'executeQuery'>;
  // On PostgreSQL every statement is a named prepared statement (named by its text's hash), so a
  // connection parses and plans each statement once, not per execution: parse and bind were half
  // the server's time on the checkout path. node-postgres takes a { name, text } config where
  // Kysely passes the SQL text. PGlite runs in process and gains nothing from it.
  const statementNames = new Map<string, string>();
  const statementOf = (sql: string): string => {
    if (kind !== 'postgres') return sql;
    let name = statementNames.get(sql);
    if (!name) {
      // SQL built with values in its text would grow this without end: such text runs unnamed.
      if (statementNames.size >= 5_000) return sql;
      name = `kits_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;
      statementNames.set(sql, name);
    }
    return { name, text: sql } as unknown as string;
  };
  const query = async <Row extends object>(em: EntityManager | undefined, sql: string, params: readonly unknown[] = []) => {
    const executor = em?.getTransactionContext<Executor>() ?? (connection() as unknown as { getClient(): Executor }).getClient();
    const result = await executor.executeQuery<Row>(CompiledQuery.raw(statementOf(sql), params as unknown[]));
    return result.rows as Row[];
  };

  return {
    kind,
    orm,
    query: (sql, params) => query(undefined, sql, params),
    async transaction(options, fn) {
      const afterCommit: Array<() => void> = [];
      const beforeCommit: Array<() => Promise<void>> = [];
      // Forked only when the transaction begins: a route that never touches the database pays nothing.
      let em: EntityManager | undefined;
      let begun: Promise<void> | undefined;
      let finished = false;
      // A handler that outlives its transaction (timed out) must not run statements outside it.
      const begin = () => {
        if (finished)
          throw new Error('This transaction has ended (committed, rolled back or timed out); its statements cannot run any more.');
        return (begun ??= (async () => {
          em = orm.em.fork();
          await em.begin();
          if (options.tenantId !== undefined) {
            // JIT off: tenant transactions run short OLTP queries, where compiling costs more than it
            // saves (measured: ~400 ms of a 456 ms search whose row estimates crossed the JIT thresholds).
            await query(
              em,
              `select set_config('kits.tenant_id', $1, true), set_config('role', '${TENANT_ROLE}', true), set_config('jit', 'off', true)`,
              [options.tenantId],
            );
          }
        })());
      };
      if (!options.deferred) await begin();
      const tx: Transaction = {
        entityManager: async () => {
          await begin();
          return em!;
        },
        query: async (sql, params) => {
          await begin();
          const result = await query<never>(em!, sql, params);
          if (finished) throw new Error('This transaction ended while the statement ran.');
          return result;
        },
        afterCommit: (callback) => afterCommit.push(callback),
        beforeCommit: (callback) => beforeCommit.push(callback),
        memos: new Map(),
      };
      let result: Awaited<ReturnType<typeof fn>>;
      try {
        result = await fn(tx);
        for (const callback of beforeCommit) await callback();
        finished = true;
        if (begun) {
          await begun;
          await em!.commit();
        }
      } catch (error) {
        finished = true;
        if (begun) {
          await begun.catch(() => undefined);
          if (em?.isInTransaction()) await em.rollback().catch(() => undefined);
        }
        throw error;
      }
      for (const callback of afterCommit) callback();
      return result;
    },
    async ping() {
      await connection().execute('select 1', [], 'all');
    },
    async poolStats() {
      if (kind !== 'postgres') return undefined;
      type PgPool = { totalCount: number; idleCount: number; waitingCount: number };
      const pool = await (connection() as unknown as { getNativeClient(): Promise<PgPool> }).getNativeClient();
      return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount };
    },
    close: () => orm.close(true),
  };
}

/**
 * Waits until the database answers — up to `timeoutMs`, trying again at most 5 s apart — so a
 * kernel started while PostgreSQL is away waits for it instead of exiting (to be restarted in a
 * loop). Any other error, or still no answer at the end, is thrown.
 */
export async function untilDatabaseAnswers(db: Database, log: Logger, timeoutMs: number): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    try {
      await db.ping();
      if (attempt > 1) log.warn('the database answers; starting');
      return;
    } catch (error) {
      if (!isDatabaseUnavailable(error) || Date.now() - started >= timeoutMs) throw error;
      const retryInMs = Math.min(5_000, 250 * 2 ** attempt);
      log.warn({ err: error, retryInMs }, 'the database cannot be reached; the kernel waits for it');
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}
