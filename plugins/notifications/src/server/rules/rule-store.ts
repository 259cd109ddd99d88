import { badRequest, notFound, type TenantTransaction } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { RULE_KIND_INFO, type RuleKind, type RuleParams } from '../../shared/rule-kinds.ts';
import type { Rule } from '../../shared/rule.ts';
import type { QuietHours } from '../../shared/schedule.ts';

export type { Rule } from '../../shared/rule.ts';

/** What a rule is made of (the body of POST and PUT). */
export type RuleInput = Omit<Rule, 'id' | 'createdAt' | 'updatedAt' | 'params' | 'locationId' | 'quietHours'> & {
  readonly locationId?: string | null | undefined;
  readonly params?: RuleParams | undefined;
  readonly quietHours?: QuietHours | null | undefined;
};

export interface RuleRow {
  rule_id: string;
  kind: RuleKind;
  enabled: boolean;
  location_id: string | null;
  params: RuleParams;
  recipients: string[];
  digest: boolean;
  quiet_start: string | null;
  quiet_end: string | null;
  push: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

export const RULE_COLUMNS =
  'rule_id, kind, enabled, location_id, params, recipients, digest, quiet_start, quiet_end, push, created_at, updated_at';

export const ruleOf = (row: RuleRow): Rule => ({
  id: row.rule_id,
  kind: row.kind,
  enabled: row.enabled,
  locationId: row.location_id,
  params: row.params ?? {},
  recipients: row.recipients,
  digest: row.digest,
  quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
  push: row.push,
  createdAt: new Date(row.created_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/**
 * Checks what the schema cannot: the location is one of this tenant's (another tenant's id is as
 * unknown as a made-up one), the kind may be kept to a location, the recipients are distinct, quiet
 * hours do not start when they end. Each refusal is a 400 naming the field; nothing is written.
 */
export async function checkRule(tx: TenantTransaction, input: RuleInput): Promise<void> {
  if (input.locationId) {
    if (!RULE_KIND_INFO[input.kind].perLocation)
      throw badRequest('notifications.location_not_applicable', `A ${input.kind} rule watches the whole tenant: leave locationId out.`, {
        field: 'body.locationId',
      });
    const [location] = await tx.directory.locations([input.locationId]);
    if (!location)
      throw badRequest(
        'notifications.unknown_location',
        `There is no location ${input.locationId} in this tenant; pick one of your locations.`,
        {
          field: 'body.locationId',
        },
      );
  }
  const lower = input.recipients.map((r) => r.toLowerCase());
  if (new Set(lower).size !== lower.length)
    throw badRequest('notifications.duplicate_recipient', 'Each recipient once: an address is listed twice.', { field: 'body.recipients' });
  if (input.quietHours && input.quietHours.start === input.quietHours.end)
    throw badRequest('notifications.bad_quiet_hours', 'Quiet hours must end at another time than they start (22:00 to 07:00, say).', {
      field: 'body.quietHours',
    });
  if (input.kind !== 'sync-conflicts' && input.params && Object.keys(input.params).length > 0)
    throw badRequest('notifications.params_not_applicable', `A ${input.kind} rule takes no params.`, { field: 'body.params' });
}

const values = (input: RuleInput) => [
  input.kind,
  input.enabled,
  input.locationId ?? null,
  JSON.stringify(input.params ?? {}),
  input.recipients.map((r) => r.trim()),
  input.digest,
  input.quietHours?.start ?? null,
  input.quietHours?.end ?? null,
  input.push,
];

export async function createRule(tx: TenantTransaction, input: RuleInput): Promise<Rule> {
  const [row] = await tx.query<RuleRow>(
    `insert into notifications.rules (tenant_id, rule_id, kind, enabled, location_id, params, recipients, digest, quiet_start, quiet_end, push)
     values ($1, $2, $3, $4, $5, $6::jsonb, $7::text[], $8, $9, $10, $11) returning ${RULE_COLUMNS}`,
    [tx.tenantId, uuidv7(), ...values(input)],
  );
  return ruleOf(row!);
}

export async function updateRule(tx: TenantTransaction, id: string, input: RuleInput): Promise<Rule> {
  const [row] = await tx.query<RuleRow>(
    `update notifications.rules set kind = $2, enabled = $3, location_id = $4, params = $5::jsonb, recipients = $6::text[], digest = $7,
            quiet_start = $8, quiet_end = $9, push = $10, updated_at = now()
      where rule_id = $1 returning ${RULE_COLUMNS}`,
    [id, ...values(input)],
  );
  if (!row) throw notFound('notifications.unknown_rule', `There is no rule ${id}; GET /api/v1/notifications/rules lists them.`);
  // A rule changed what it watches: what it had open is judged afresh.
  await tx.query('update notifications.conditions set cleared_at = now() where rule_id = $1 and cleared_at is null', [id]);
  return ruleOf(row);
}

export async function deleteRule(tx: TenantTransaction, id: string): Promise<void> {
  const rows = await tx.query('delete from notifications.rules where rule_id = $1 returning 1', [id]);
  if (rows.length === 0)
    throw notFound('notifications.unknown_rule', `There is no rule ${id}; GET /api/v1/notifications/rules lists them.`);
  // Its notifications stay in the centre; what they still had to send goes with the rule.
  await tx.query(
    `update notifications.notifications
        set email_due_at = case when emailed_at is null then null else email_due_at end,
            push_due_at = case when pushed_at is null then null else push_due_at end
      where rule_id = $1`,
    [id],
  );
}

/** The enabled rules of some kinds. */
export async function enabledRules(tx: TenantTransaction, kinds: readonly RuleKind[]): Promise<Rule[]> {
  const rows = await tx.query<RuleRow>(
    `select ${RULE_COLUMNS} from notifications.rules where enabled and kind = any($1::text[]) order by rule_id`,
    [kinds],
  );
  return rows.map(ruleOf);
}
