/**
 * What ingest and rebuild need of a database: one tenant's transaction that runs statements. A
 * plugin's `TenantTransaction` is one; the bench passes its own. Every statement names its tenant
 * (`tenant_id = $1`) besides row-level security, so a runner that bypasses RLS stays in its tenant.
 */
export interface SqlRunner {
  readonly tenantId: string;
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

/** Runs `work` in one transaction of the tenant (commit when it resolves, rollback when it throws). */
export type TransactionRunner = <T>(work: (sql: SqlRunner) => Promise<T>) => Promise<T>;

/**
 * Awaits statements sent together (they pipeline on one connection): every one settles before the
 * transaction goes on or rolls back, and the first failure is thrown.
 */
export async function settleStatements(pending: readonly Promise<unknown>[]): Promise<void> {
  const settled = await Promise.allSettled(pending);
  const failed = settled.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
