import { SpanKind, trace } from '@opentelemetry/api';
import type { Database } from '../db/database.ts';
import type { Tracing } from './tracing.ts';

/**
 * The database with a `db.transaction` span around each transaction of traced work in progress (a
 * request, an event handler): its parent is the span active when the transaction starts, and it is
 * active while the transaction runs, so the events written in it carry its context. A transaction
 * outside such work makes no span — the relay's polls, retention, and jobs, whose timers may have
 * been set during a request long finished (they keep its context, its span ended): a trace per poll
 * would bury the requests. Statements are not spans: a sale runs a dozen; the transaction's time counts.
 */
export function traceTransactions(db: Database, tracing: Tracing): Database {
  if (!tracing.enabled) return db;
  const system = db.kind === 'pglite' ? 'pglite' : 'postgresql';
  return {
    ...db,
    transaction(options, fn) {
      const parent = tracing.active();
      if (!trace.getSpan(parent)?.isRecording()) return db.transaction(options, fn);
      const attributes = {
        'db.system': system,
        'db.system.name': system,
        'db.transaction.read_only': options.readOnly === true,
        ...(options.tenantId !== undefined ? { 'kits.tenant.id': options.tenantId } : {}),
      };
      return tracing.inSpan('db.transaction', { kind: SpanKind.CLIENT, attributes }, parent, () => db.transaction(options, fn));
    },
  };
}
