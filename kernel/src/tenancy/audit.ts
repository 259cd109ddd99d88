import { v7 as uuidv7 } from 'uuid';
import type { Sql } from '../db/database.ts';

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
  await tx.query(
    'insert into kernel.audit_log (tenant_id, audit_id, actor_kind, actor_id, device_id, action, detail) values ($1, $2, $3, $4, $5, $6, $7)',
    [actor.tenantId, uuidv7(), actor.kind, actor.id, actor.deviceId ?? null, action, JSON.stringify(detail)],
  );
}
