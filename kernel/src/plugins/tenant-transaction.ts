import type { Actor, NewEvent, TenantTransaction } from '@kits/plugin-sdk';
import type { Transaction } from '../db/database.ts';
import type { EventBus } from '../events/event-bus.ts';

export type AuditWriter = (tx: Transaction, actor: Actor, action: string, detail: Readonly<Record<string, unknown>>) => Promise<void>;

/** The SDK's view of a kernel transaction: tenant-bound, publishing through the outbox, auditing. */
export function toTenantTransaction(
  tx: Transaction,
  tenantId: string,
  source: string,
  actor: Actor,
  deps: { readonly bus: EventBus; readonly audit: AuditWriter },
): TenantTransaction {
  let nudged = false;
  return {
    tenantId,
    entityManager: () => tx.entityManager(),
    query: (sql, params) => tx.query(sql, params),
    async publish<Payload>(event: NewEvent<Payload>) {
      const envelope = await deps.bus.publish(tx, tenantId, source, event);
      if (!nudged) {
        nudged = true;
        tx.afterCommit(() => deps.bus.nudge());
      }
      return envelope;
    },
    audit: (action, detail) => deps.audit(tx, actor, action, detail),
  };
}
