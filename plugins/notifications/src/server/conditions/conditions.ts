import type { TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { emailDueAt, pushDueAt } from '../../shared/schedule.ts';
import type { Rule } from '../rules/rule-store.ts';

/** What a notification says: a title, a sentence or two, and the office page it points at (below the office's root). */
export interface Notice {
  readonly title: string;
  readonly body: string;
  readonly linkPath: string;
}

/**
 * A condition holds for `subject` (`variant@location`, a till, an order) under `rule`: the first
 * time, a condition opens and a notification is raised — in the centre, due by email (at once, or at
 * the end of the digest hour, past quiet hours) and by push. While it stays open the same subject
 * raises nothing more (no flood); once cleared, it may open again. Answers whether it notified.
 */
export async function raise(
  tx: TenantTransaction,
  rule: Rule,
  subject: string,
  notice: Notice,
  now: Date,
  detail: object = {},
): Promise<boolean> {
  const opened = await tx.query(
    `insert into notifications.conditions (tenant_id, condition_id, rule_id, subject, detail) values ($1, $2, $3, $4, $5::jsonb)
     on conflict (tenant_id, rule_id, subject) where cleared_at is null do nothing returning 1`,
    [tx.tenantId, uuidv7(), rule.id, subject.slice(0, 300), JSON.stringify(detail)],
  );
  if (opened.length === 0) return false;
  const { timezone } = await tx.directory.tenant();
  await tx.query(
    `insert into notifications.notifications (tenant_id, notification_id, rule_id, kind, subject, title, body, link_path, email_due_at, push_due_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [
      tx.tenantId,
      uuidv7(),
      rule.id,
      rule.kind,
      subject.slice(0, 300),
      notice.title.slice(0, 300),
      notice.body.slice(0, 2000),
      notice.linkPath,
      rule.recipients.length > 0 ? emailDueAt(now, rule, timezone) : null,
      rule.push ? pushDueAt(now, rule.quietHours, timezone) : null,
    ],
  );
  return true;
}

/** The condition of `subject` is over under these rules: the next time it holds, it notifies again. */
export async function clear(tx: TenantTransaction, ruleIds: readonly string[], subject: string): Promise<void> {
  if (ruleIds.length === 0) return;
  await tx.query(
    'update notifications.conditions set cleared_at = now() where rule_id = any($1::uuid[]) and subject = $2 and cleared_at is null',
    [ruleIds, subject],
  );
}

/** For a polled rule: every open condition whose subject no longer holds is cleared. */
export async function clearAllBut(tx: TenantTransaction, ruleId: string, holding: readonly string[]): Promise<void> {
  await tx.query(
    'update notifications.conditions set cleared_at = now() where rule_id = $1 and cleared_at is null and not (subject = any($2::text[]))',
    [ruleId, holding],
  );
}

/** The rules of a kind that apply at a location (those kept to it and those for every location). */
export const atLocation = (rules: readonly Rule[], locationId: string | null): Rule[] =>
  rules.filter((rule) => rule.locationId === null || rule.locationId === locationId);
