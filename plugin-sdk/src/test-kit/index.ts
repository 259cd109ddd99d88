/**
 * The SDK's test kit: what a plugin's tests use besides a running kernel — a scratch PostgreSQL
 * database, a small HTTP client, and helpers for paginated and documented lists. The kit that
 * boots a kernel with the plugins under test is the kernel's: `@kits/kernel/test-kit`.
 */
export { createScratchPostgres, POSTGRES_ADMIN_URL, withPostgresAdmin, type ScratchDatabase } from './scratch-postgres.ts';
export { httpClient } from './http-client.ts';
export { documentedList, walkPages, type DocumentedList, type OpenApiParameter, type WalkedPages } from './pages.ts';
export type { RequestOptions, TestResponse } from './requests.ts';
export { eventually } from './eventually.ts';
export { DATABASE_KINDS, type DatabaseKind } from './database-kinds.ts';
export { tillEventLog, type PushedTillEvent } from './till-event-log.ts';
export { paymentsContract, type PaymentsContractCase, type PaymentsContractOptions } from './payments-contract.ts';
export {
  accountingContract,
  type AccountingContractCase,
  type AccountingContractOptions,
  type AccountingDoubleControl,
} from './accounting-contract.ts';
export { ACCOUNTING_CALLER_PLUGIN, remoteAccounting, type AccountingCallerHost } from './accounting-caller.ts';
