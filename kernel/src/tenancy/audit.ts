import { v7 as uuidv7 } from 'uuid';
import type { Sql, Transaction } from '../db/database.ts';
import { deferAuditRow } from '../db/deferred-inserts.ts';

/** Who did it, as the audit log records it. */
export interface AuditActor {
  readonly kind: string;
  readonly id: string;
  readonly deviceId?: string;
}

/** Records a change in kernel.audit_log (who, what, when, from which device), in the caller's transaction. */
export async function auditLog(
  tx: Sql,
  actor: AuditActor & { readonly tenantId: string },
  action: string,
  detail: Readonly<Record<string, unknown>>,
): Promise<void> {
  const row = {
    tenant_id: actor.tenantId,
    audit_id: uuidv7(),
    actor_kind: actor.kind,
    actor_id: actor.id,
    device_id: actor.deviceId ?? null,
    action,
    detail,
  };
  // In a transaction the entry is written with the transaction's other deferred rows, at its end.
  if ('beforeCommit' in tx) return deferAuditRow(tx as Transaction, row);
  await tx.query(
    'insert into kernel.audit_log (tenant_id, audit_id, actor_kind, actor_id, device_id, action, detail) values ($1, $2, $3, $4, $5, $6, $7)',
    [row.tenant_id, row.audit_id, row.actor_kind, row.actor_id, row.device_id, action, JSON.stringify(detail)],
  );
}
