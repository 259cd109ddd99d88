import { mappingNeeds, type AccountMapping, type LedgerRole, type TenantTransaction } from '@kits/plugin-sdk';

export type { AccountMapping };

/** The merchant's mapping as the SDK's `toProviderJournal` takes it. */
export async function readMapping(tx: TenantTransaction): Promise<AccountMapping> {
  const accounts = await tx.query<{ role: LedgerRole; key: string; account_id: string }>(
    'select role, key, account_id from accounting.account_mappings order by role, key',
  );
  const taxes = await tx.query<{ tax_code: string; tax_rate_id: string | null }>(
    'select tax_code, tax_rate_id from accounting.tax_mappings order by tax_code',
  );
  return {
    accounts: accounts.map((a) => ({ role: a.role, key: a.key, accountId: a.account_id })),
    taxCodes: taxes.map((t) => ({ taxCode: t.tax_code, taxRateId: t.tax_rate_id })),
  };
}

/** What the tenant maps: every (role, key) its days have used plus the fixed ones, and the tax codes among them. */
export async function tenantNeeds(tx: TenantTransaction): Promise<ReturnType<typeof mappingNeeds>> {
  const used = await tx.query<{ role: LedgerRole; key: string }>('select distinct role, key from accounting.day_postings');
  return mappingNeeds(used);
}

/** The (role, key)s of `lines` without an account in the mapping (a tax code without a rate is not missing: its lines carry none). */
export function unmappedOf(
  lines: ReadonlyArray<{ role: LedgerRole; key: string }>,
  mapping: AccountMapping,
): Array<{ role: LedgerRole; key: string }> {
  const mapped = new Set(mapping.accounts.map((a) => `${a.role}\u0000${a.key}`));
  return lines.filter((l) => !mapped.has(`${l.role}\u0000${l.key}`)).map((l) => ({ role: l.role, key: l.key }));
}

/** Saves the accounts and tax rates given (a partial update: what is not named stays as it was). */
export async function saveMapping(
  tx: TenantTransaction,
  accounts: ReadonlyArray<{ role: string; key: string; accountId: string }>,
  taxCodes: ReadonlyArray<{ taxCode: string; taxRateId: string | null }>,
): Promise<void> {
  if (accounts.length > 0)
    await tx.query(
      `insert into accounting.account_mappings (tenant_id, role, key, account_id)
       select $1, role, key, account_id from jsonb_to_recordset($2::jsonb) as x(role text, key text, account_id text)
       on conflict (tenant_id, role, key) do update set account_id = excluded.account_id, updated_at = now()`,
      [tx.tenantId, JSON.stringify(accounts.map((a) => ({ role: a.role, key: a.key, account_id: a.accountId })))],
    );
  if (taxCodes.length > 0)
    await tx.query(
      `insert into accounting.tax_mappings (tenant_id, tax_code, tax_rate_id)
       select $1, tax_code, tax_rate_id from jsonb_to_recordset($2::jsonb) as x(tax_code text, tax_rate_id text)
       on conflict (tenant_id, tax_code) do update set tax_rate_id = excluded.tax_rate_id, updated_at = now()`,
      [tx.tenantId, JSON.stringify(taxCodes.map((t) => ({ tax_code: t.taxCode, tax_rate_id: t.taxRateId })))],
    );
  // Exports that waited for a mapping look again at once.
  await tx.query("update accounting.exports set next_attempt_at = now() where status = 'waiting' and unmapped is not null");
}
