import type { Database } from '../db/database.ts';
import type { LockService } from './coordination.ts';
import { createLocalLocks } from './local.ts';

/**
 * Locks every process on one PostgreSQL agrees on: a transaction-scoped advisory lock, held by an
 * open transaction while `fn` runs (on connections of its own) and let go when it ends. The lock's
 * time to live is the transaction's life. On PGlite — one process, one connection — this
 * process's own locks are the same thing.
 */
export function createDatabaseLocks(db: Database): LockService {
  if (db.kind !== 'postgres') return createLocalLocks();
  return {
    tryWithLock: (name, _ttlMs, fn) =>
      db.transaction({}, async (tx) => {
        const [row] = await tx.query<{ locked: boolean }>(
          "select pg_try_advisory_xact_lock(hashtextextended('kits:' || $1, 0)) as locked",
          [name],
        );
        return row?.locked ? fn() : undefined;
      }),
  };
}
