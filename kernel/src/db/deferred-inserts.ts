import { DomainError } from '@kits/plugin-sdk';
import { ANY_ROLE, type Transaction } from './database.ts';

/**
 * Rows a transaction writes only at its end: every outbox event and audit entry of a transaction
 * goes to the database in one statement just before COMMIT, instead of one round trip each. On
 * this workload a round trip costs more than the rows (measured: checkout spent 45 % of its CPU in
 * socket writes). Nothing reads these rows before commit.
 */
export type DeferredTable = 'kernel.outbox' | 'kernel.audit_log';

/** Each row as JSON text, made when it is deferred. */
interface Pending {
  readonly outbox: string[];
  readonly audit: string[];
}

// A NUL character or a lone surrogate, as JSON.stringify writes them (an even run of backslashes
// before the escape is escaped backslashes, not an escape).
const UNSTORABLE_IN_JSONB = /(?:^|[^\\])(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/**
 * The row as JSON text that a jsonb column will take. PostgreSQL's jsonb refuses \u0000 and lone
 * surrogates; refused here, the error belongs to the statement that wrote the value (a till event
 * is denied, a request gets 400) instead of failing the whole transaction at COMMIT — which, for a
 * sync push, refused the batch every time the till sent it again.
 */
function storable(row: Record<string, unknown>): string {
  const text = JSON.stringify(row);
  if (UNSTORABLE_IN_JSONB.test(text))
    throw new DomainError('request.invalid_text', 400, 'A text value contains a character that cannot be stored (such as NUL, \\u0000).');
  return text;
}

const pending = new WeakMap<Transaction, Pending>();

function pendingOf(tx: Transaction): Pending {
  let rows = pending.get(tx);
  if (!rows) {
    const created: Pending = { outbox: [], audit: [] };
    rows = created;
    pending.set(tx, created);
    tx.beforeCommit(() => flush(tx, created));
  }
  return rows;
}

export function deferOutboxRow(tx: Transaction, row: Record<string, unknown>): void {
  const text = storable(row);
  pendingOf(tx).outbox.push(text);
}

export function deferAuditRow(tx: Transaction, row: Record<string, unknown>): void {
  const text = storable(row);
  pendingOf(tx).audit.push(text);
}

/** Where the deferred rows stand, to drop those written after it when a savepoint rolls back. */
export function deferredMark(tx: Transaction): { outbox: number; audit: number } {
  const rows = pending.get(tx);
  return { outbox: rows?.outbox.length ?? 0, audit: rows?.audit.length ?? 0 };
}

export function dropDeferredAfter(tx: Transaction, mark: { outbox: number; audit: number }): void {
  const rows = pending.get(tx);
  if (!rows) return;
  rows.outbox.length = Math.min(rows.outbox.length, mark.outbox);
  rows.audit.length = Math.min(rows.audit.length, mark.audit);
}

async function flush(tx: Transaction, rows: Pending): Promise<void> {
  if (rows.outbox.length === 0 && rows.audit.length === 0) return;
  // Outbox rows keep the order they were published in (the relay delivers by position). Every
  // role of a tenant transaction may append to both (see migrations.ts): no switch of role here.
  await tx.queryAs(
    ANY_ROLE,
    `with outbox as (
       insert into kernel.outbox (tenant_id, event_id, type, version, source, payload, occurred_at, traceparent)
       select x.tenant_id, x.event_id, x.type, x.version, x.source, x.payload, x.occurred_at, x.traceparent
         from jsonb_array_elements($1::jsonb) with ordinality as e(item, ord),
              jsonb_to_record(e.item) as x(tenant_id uuid, event_id uuid, type text, version int, source text, payload jsonb, occurred_at timestamptz, traceparent text)
        order by e.ord),
     audit as (
       insert into kernel.audit_log (tenant_id, audit_id, actor_kind, actor_id, device_id, action, detail)
       select x.tenant_id, x.audit_id, x.actor_kind, x.actor_id, x.device_id, x.action, x.detail
         from jsonb_to_recordset($2::jsonb) as x(tenant_id uuid, audit_id uuid, actor_kind text, actor_id text, device_id uuid, action text, detail jsonb))
     select 1`,
    [`[${rows.outbox.join(',')}]`, `[${rows.audit.join(',')}]`],
  );
  rows.outbox.length = 0;
  rows.audit.length = 0;
}
