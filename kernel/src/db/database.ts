import type { EntityManager, EntitySchema, MikroORM } from '@mikro-orm/core';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { KernelConfig } from '../config/config.ts';
import type pg from 'pg';
import { isDatabaseUnavailable } from './database-errors.ts';
import {
  answerAfter,
  namedStatements,
  openOrmTransaction,
  unnamedStatements,
  openPgTransaction,
  type RunStatement,
  type TransactionConnection,
} from './transaction-connection.ts';

export type DatabaseKind = 'pglite' | 'postgres';

/** The role the kernel's own statements of a tenant transaction run as: row-level security applies to it, never to the owner. */
export const TENANT_ROLE = 'kits_tenant';

/**
 * `queryAs(ANY_ROLE, …)`: a statement every role of a tenant transaction may run (the kernel's
 * append to the outbox and audit log at commit), run as whichever role holds: no switch.
 */
export const ANY_ROLE = '*';

/**
 * The role a plugin's statements run as: it may use its own schema (and read the kernel's
 * directory of tenants, locations and devices), under row-level security, and nothing else —
 * another plugin's tables are reached only through that plugin's services.
 */
export function pluginRole(schema: string): string {
  const role = `kits_plugin_${schema}`;
  if (role.length > 63) throw new Error(`The schema name "${schema}" is too long: its role ${role} exceeds PostgreSQL's 63 characters.`);
  return role;
}

export interface Sql {
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Transaction extends Sql {
  /**
   * Runs a statement as `role` (a plugin's own role, see `pluginRole`): in a tenant transaction
   * each statement runs as the role of the code that wrote it — plugin code as its plugin's role,
   * the kernel's `query` as the tenant role — switched only when it differs from the last one.
   */
  queryAs<Row extends object = Record<string, unknown>>(role: string, sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * The MikroORM entity manager of this transaction (begins it when it is deferred), with the
   * session switched to `role` (default: the tenant role). Its statements bypass `query`'s
   * ordering: they run as whichever role the last statement before them set.
   */
  entityManager(role?: string): Promise<EntityManager>;
  /** Runs `fn` after the transaction commits (never when it rolls back). */
  afterCommit(fn: () => void): void;
  /**
   * Runs `fn` just before COMMIT, inside the transaction (deferred writes flush here). `fn` sends
   * its statements at once (nothing awaited before them): COMMIT is sent behind them without
   * waiting for their answers, and a statement that fails makes it a rollback. A failure rolls back.
   */
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
  /**
   * The transaction only reads (a GET route's): begun `read only`, so a statement that writes fails
   * ("cannot execute … in a read-only transaction"); on PostgreSQL its commit is not waited for.
   */
  readonly readOnly?: boolean;
  /**
   * Every statement sees the snapshot the first one took (isolation level repeatable read), not
   * the data committed since: a report's totals and rows agree, and a replica's lag read first
   * dates all of it. Read-only transactions never fail for it.
   */
  readonly oneSnapshot?: boolean;
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

const SAVEPOINT_STATEMENT = /^\s*(savepoint\b|release\b|rollback\s+(transaction\s+|work\s+)?to\b)/i;
/** Never a role's name: the next statement sets its role whatever it is. */
const UNKNOWN_ROLE = '?';

/**
 * A `?host=/var/run/postgresql` in DATABASE_URL names the directory of PostgreSQL's Unix socket (as
 * libpq and node-postgres read it): a kernel on the database's machine talks through the socket,
 * which costs far less per statement than TCP over loopback. MikroORM reads only the URL's host.
 */
function socketOf(databaseUrl: string): { host: string; port: number } | undefined {
  const url = new URL(databaseUrl);
  const directory = url.searchParams.get('host');
  return directory?.startsWith('/') ? { host: directory, port: Number(url.port || 5432) } : undefined;
}

/** How the embedded database starts (PostgreSQL ignores these). */
export interface EmbeddedDatabaseOptions {
  /**
   * A PGlite data folder (`dumpDataDir()`'s tarball) an in-memory database starts from instead of
   * running initdb, which takes about 2 s of WASM: the test kit hands every in-memory kernel the
   * same freshly initialised one (test-kit/embedded-template.ts). Ignored for a data folder on disk.
   */
  readonly template?: Blob;
}

/** How a PostgreSQL database's pool is made (PGlite has one connection and ignores these). */
export interface PoolOptions {
  /** The most connections the pool opens (default 20). */
  readonly maxConnections?: number;
  /**
   * Every connection's transactions are read-only (`default_transaction_read_only=on`, set when it
   * connects): the reporting database's pool, which must never write even should its URL name a
   * server that could.
   */
  readonly readOnlySessions?: boolean;
  /** How long getting a new connection may take before it fails as unavailable (default: no limit). */
  readonly connectTimeoutMs?: number;
  /**
   * Statements run as named prepared statements, parsed once per connection (default true); false
   * behind a transaction-pooling PgBouncer (DATABASE_PREPARED_STATEMENTS=off, see `unnamedStatements`).
   */
  readonly preparedStatements?: boolean;
}

export async function openDatabase(
  config: Pick<KernelConfig, 'databaseUrl' | 'dataDir'>,
  entities: readonly EntitySchema[],
  log: Logger,
  poolOptions: PoolOptions = {},
  embedded: EmbeddedDatabaseOptions = {},
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
    orm = await PgOrm.init({
      ...common,
      clientUrl: config.databaseUrl,
      ...socketOf(config.databaseUrl),
      pool: { min: Math.min(1, poolOptions.maxConnections ?? 20), max: poolOptions.maxConnections ?? 20 },
      // Each client writes a statement at once, not after the answer to the one before: a
      // transaction's begin travels with its first statement, and statements sent together
      // (a role switch and its statement, a sale's rows and its stock) share one round trip.
      // The rest goes to node-postgres' pool as it is: `options` is sent when a connection starts.
      driverOptions: {
        pipeline: true,
        ...(poolOptions.readOnlySessions ? { options: '-c default_transaction_read_only=on' } : {}),
        ...(poolOptions.connectTimeoutMs ? { connectionTimeoutMillis: poolOptions.connectTimeoutMs } : {}),
      },
    });
    kind = 'postgres';
  } else {
    const { MikroORM: PgliteOrm } = await import('@mikro-orm/pglite');
    // Extensions plugins may create (`create extension if not exists …`) must be loaded into PGlite up front.
    const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
    const dataDir = config.dataDir.startsWith('memory://') ? undefined : `${config.dataDir}/pglite`;
    const template = dataDir ? undefined : embedded.template;
    orm = await PgliteOrm.init({
      ...common,
      ...(dataDir ? { dbName: dataDir } : {}),
      // As a function: MikroORM deep-copies an options object, which a Blob does not survive.
      driverOptions: () => ({ extensions: { pg_trgm }, ...(template ? { loadDataDir: template } : {}) }),
    });
    kind = 'pglite';
  }
  return createDatabase(orm, kind, poolOptions.preparedStatements === false ? unnamedStatements : namedStatements());
}

function createDatabase(orm: MikroORM, kind: DatabaseKind, run: RunStatement): Database {
  const connection = () => orm.em.getConnection();
  // The pool, reached on first use: MikroORM connects (and checks the database exists) to hand it
  // over, which must not happen at start while PostgreSQL is away (the kernel waits for it).
  let pool: pg.Pool | undefined;
  const pgPool = async () => (pool ??= await (connection() as unknown as { getNativeClient(): Promise<pg.Pool> }).getNativeClient());
  const openTransaction = kind === 'postgres' ? openPgTransaction(orm, pgPool, run) : openOrmTransaction(orm);

  // Statements outside a transaction: a pooled client on PostgreSQL (named, prepared once per
  // connection, unless a transaction pooler is in between), MikroORM's Kysely executor on PGlite (server-side $n parameters; MikroORM's own
  // execute() would interpolate values client-side).
  type Executor = Pick<Kysely<unknown>, 'executeQuery'>;
  const query = async <Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => {
    if (kind === 'postgres') return run<Row>(await pgPool(), sql, params);
    const executor = (connection() as unknown as { getClient(): Executor }).getClient();
    return (await executor.executeQuery<Row>(CompiledQuery.raw(sql, params as unknown[]))).rows as Row[];
  };

  return {
    kind,
    orm,
    query: (sql, params) => query(sql, params),
    async transaction(options, fn) {
      const afterCommit: Array<() => void> = [];
      const beforeCommit: Array<() => Promise<void>> = [];
      // Opened only when the transaction begins: a route that never touches the database pays nothing.
      let held: TransactionConnection | undefined;
      let begun: Promise<void> | undefined;
      let finished = false;
      // The role the session runs as now (tenant transactions only), and the statements waiting to
      // be sent: each is sent after the ones asked for before it (a role switch and its statement
      // stay together), without waiting for their answers (PostgreSQL pipelines them).
      let role: string | undefined;
      let queue: Promise<unknown> = Promise.resolve();
      // A handler that outlives its transaction (timed out) must not run statements outside it.
      const begin = (firstRole: string) => {
        if (finished)
          throw new Error('This transaction has ended (committed, rolled back or timed out); its statements cannot run any more.');
        if (!begun) {
          begun = (async () => {
            held = await openTransaction(options.tenantId !== undefined ? { tenantId: options.tenantId, role: firstRole } : undefined, {
              readOnly: options.readOnly,
              oneSnapshot: options.oneSnapshot,
            });
            if (options.tenantId !== undefined) role = firstRole;
          })();
          // Its failure reaches the statement waiting for it (and the commit), never the process.
          begun.catch(() => undefined);
        }
        return begun;
      };
      /**
       * Runs `send` once every statement asked for before it was sent; answers what `send` sent,
       * unwaited. The first to ask begins a deferred transaction, as `firstRole` (no switch after).
       */
      const inTurn = <T>(firstRole: string, send: () => Promise<T>): Promise<{ sent: Promise<T> }> => {
        if (!begun) void begin(firstRole === ANY_ROLE ? TENANT_ROLE : firstRole);
        const turn = queue.then(async () => {
          await begin(TENANT_ROLE);
          return { sent: send() };
        });
        queue = turn.catch(() => undefined);
        return turn;
      };
      /**
       * Sends the switch of the session to `asRole` when another holds, without waiting for it
       * (the statement sent after it fails too if it fails). Answers the switch's answer, if sent.
       */
      const switchTo = (asRole: string): Promise<unknown> | undefined => {
        if (asRole === ANY_ROLE) return undefined;
        // Outside a tenant the kernel runs as the owner (`none`); a plugin's statement never does.
        const wanted = options.tenantId === undefined && asRole === TENANT_ROLE ? 'none' : asRole;
        if ((role ?? 'none') === wanted) return undefined;
        role = wanted;
        return held!.query(`select set_config('role', $1, true)`, [wanted]);
      };
      const statement = async <Row extends object>(asRole: string, sql: string, params: readonly unknown[] | undefined) => {
        const { sent } = await inTurn(asRole, () => {
          let switched: Promise<unknown> | undefined;
          // Savepoint statements need no role (and a rollback runs in an aborted transaction, where
          // nothing else may); rolling back to a savepoint undoes a role set since: which holds is unknown.
          if (!SAVEPOINT_STATEMENT.test(sql)) switched = switchTo(asRole);
          else if (/^\s*rollback/i.test(sql)) role = UNKNOWN_ROLE;
          const rows = held!.query<Row>(sql, params ?? []);
          return switched ? answerAfter(switched, rows) : rows;
        });
        const result = await sent;
        if (finished) throw new Error('This transaction ended while the statement ran.');
        return result;
      };
      if (!options.deferred) await begin(TENANT_ROLE);
      const tx: Transaction = {
        entityManager: async (asRole = TENANT_ROLE) => {
          const { sent } = await inTurn(asRole, async () => switchTo(asRole));
          await sent;
          return held!.entityManager();
        },
        query: (sql, params) => statement(TENANT_ROLE, sql, params),
        queryAs: (asRole, sql, params) => statement(asRole, sql, params),
        afterCommit: (callback) => afterCommit.push(callback),
        beforeCommit: (callback) => beforeCommit.push(callback),
        memos: new Map(),
      };
      let result: Awaited<ReturnType<typeof fn>>;
      // A failed commit has ended the transaction itself (and released its connection).
      let committing = false;
      try {
        result = await fn(tx);
        // The deferred writes are sent, and COMMIT right behind them without waiting for their
        // answers: one round trip. Should one of them fail, PostgreSQL answers that COMMIT with a
        // rollback (the transaction was aborted): nothing is kept, and its error is thrown. A
        // callback that failed before sending anything is known by COMMIT's turn: no COMMIT then.
        let failure: { error: unknown } | undefined;
        const flushed = Promise.all(
          beforeCommit.map((callback) =>
            callback().catch((error: unknown) => {
              failure ??= { error };
            }),
          ),
        );
        const committed =
          begun &&
          queue.then(async () => {
            await begun;
            if (failure) throw failure.error;
            committing = true;
            await held!.commit();
          });
        committed?.catch(() => undefined);
        await flushed;
        finished = true;
        if (committed) await committed;
        if (failure) throw failure.error;
      } catch (error) {
        finished = true;
        if (begun && !committing) {
          await begun.catch(() => undefined);
          await held?.rollback();
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
      const pool = await pgPool();
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
