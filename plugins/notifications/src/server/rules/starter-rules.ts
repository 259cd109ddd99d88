import type { TenantTransaction } from '@kits/plugin-sdk';
import type { RuleKind } from '../../shared/rule-kinds.ts';
import { createRule } from './rule-store.ts';

/**
 * What a tenant hears about before anyone sets a rule up: the shop's systems breaking — a till that
 * stopped syncing, an event a plugin gave up on, a failed export, a webhook endpoint disabled — in
 * the notification centre only (no email until someone adds recipients). Stock and purchasing
 * rules are the merchant's to add: their thresholds are a shop's own.
 */
export const STARTER_RULE_KINDS: readonly RuleKind[] = ['till-stuck', 'event-dead-lettered', 'export-failed', 'webhook-disabled'];

/** Adds the starter rules when the tenant has no rule yet (its first enable); a tenant's own rules are never touched. */
export async function addStarterRules(tx: TenantTransaction): Promise<void> {
  const [some] = await tx.query('select 1 from notifications.rules limit 1');
  if (some) return;
  for (const kind of STARTER_RULE_KINDS) await createRule(tx, { kind, enabled: true, recipients: [], digest: false, push: false });
}
