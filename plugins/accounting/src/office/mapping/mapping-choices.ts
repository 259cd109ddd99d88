import type { SelectOption } from '@kits/ui-kit';
import type { AccountMapping, MappingUpdate, NeededAccount, ProviderAccount, TaxCodeMapping } from '../accounting-api.ts';

/**
 * The account mapping form's state: for each needed (role, key) the account chosen, for each tax
 * code the tax rate chosen ('' for none). A row not mapped yet starts on its suggestion, so
 * accepting the suggestions is one Save.
 */
export interface MappingChoices {
  readonly accounts: Readonly<Record<string, string>>;
  readonly taxCodes: Readonly<Record<string, string>>;
}

/** The form's key of a (role, key): roles have no `|`, so it splits back unambiguously. */
export const neededKey = (row: Pick<NeededAccount, 'role' | 'key'>): string => `${row.role}|${row.key}`;

/** What the form starts from: what is saved, else the suggestion, else nothing. */
export function choicesOf(mapping: AccountMapping): MappingChoices {
  return {
    accounts: Object.fromEntries(mapping.needed.map((row) => [neededKey(row), row.accountId ?? row.suggestedAccountId ?? ''])),
    taxCodes: Object.fromEntries(mapping.taxCodes.map((row) => [row.taxCode, row.taxRateId ?? row.suggestedTaxRateId ?? ''])),
  };
}

/** An account as a choice names it: its code, name and the provider's type ("200 · Sales (Revenue)"). */
export const accountName = (account: ProviderAccount): string =>
  `${account.code ? `${account.code} · ` : ''}${account.name} (${account.type})`;

const SUGGESTED = ' — suggested';

/** The accounts offered for a row: "Choose an account" first, the suggested one marked. */
export function accountOptions(mapping: AccountMapping, row: NeededAccount): SelectOption[] {
  return [
    { value: '', label: 'Choose an account' },
    ...mapping.accounts.map((account) => ({
      value: account.id,
      label: `${accountName(account)}${account.id === row.suggestedAccountId ? SUGGESTED : ''}`,
    })),
  ];
}

/** The tax rates offered for a tax code: none first, the suggested one marked. */
export function taxRateOptions(mapping: AccountMapping, row: TaxCodeMapping): SelectOption[] {
  return [
    { value: '', label: 'No tax rate' },
    ...mapping.taxRates.map((rate) => ({
      value: rate.id,
      label: `${rate.name}${rate.basisPoints === null ? '' : ` (${formatRate(rate.basisPoints)})`}${
        rate.id === row.suggestedTaxRateId ? SUGGESTED : ''
      }`,
    })),
  ];
}

/** 2000 basis points → "20%", 550 → "5.5%". */
export const formatRate = (basisPoints: number): string => `${basisPoints / 100}%`;

/** Whether the row's choice is its suggestion, not saved yet: the form marks it "Suggested". */
export const showsSuggestion = (row: NeededAccount, choices: MappingChoices): boolean =>
  row.accountId === null && row.suggestedAccountId !== null && choices.accounts[neededKey(row)] === row.suggestedAccountId;

export const showsSuggestedRate = (row: TaxCodeMapping, choices: MappingChoices): boolean =>
  row.taxRateId === null && row.suggestedTaxRateId !== null && choices.taxCodes[row.taxCode] === row.suggestedTaxRateId;

/**
 * What Save sends: every account chosen that differs from what is saved, and every tax code's
 * choice — GET /mapping answers `taxRateId: null` both for a code never mapped and for one mapped to
 * "no tax rate", so each is sent as chosen and the server holds the merchant's answer for all.
 */
export function mappingUpdate(mapping: AccountMapping, choices: MappingChoices): MappingUpdate {
  return {
    accounts: mapping.needed
      .filter((row) => {
        const chosen = choices.accounts[neededKey(row)] ?? '';
        return chosen !== '' && chosen !== row.accountId;
      })
      .map((row) => ({ role: row.role, key: row.key, accountId: choices.accounts[neededKey(row)]! })),
    taxCodes: mapping.taxCodes.map((row) => ({ taxCode: row.taxCode, taxRateId: choices.taxCodes[row.taxCode] || null })),
  };
}

/** Whether the form differs from what is saved (an account chosen or changed, a tax code's rate changed). */
export const hasChanges = (mapping: AccountMapping, choices: MappingChoices): boolean =>
  mappingUpdate(mapping, choices).accounts.length > 0 ||
  mapping.taxCodes.some((row) => (choices.taxCodes[row.taxCode] ?? '') !== (row.taxRateId ?? ''));

/** The needed rows with no account saved: what "Map N accounts" counts. */
export const unmappedAccounts = (mapping: Pick<AccountMapping, 'needed'>): readonly NeededAccount[] =>
  mapping.needed.filter((row) => row.accountId === null);

/** The rows the form still leaves without an account (Save keeps them unmapped). */
export const stillUnchosen = (mapping: AccountMapping, choices: MappingChoices): readonly NeededAccount[] =>
  mapping.needed.filter((row) => !choices.accounts[neededKey(row)]);

/**
 * A refusal's field problems (`accounts.<n>.accountId`) belong to the n-th account sent: the row
 * it is about, by its form key, so the message shows beside that row's choice.
 */
export function problemsByRow(update: MappingUpdate, problems: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const byRow: Record<string, string> = {};
  for (const [field, message] of Object.entries(problems)) {
    const account = /^accounts\.(\d+)/.exec(field);
    const tax = /^taxCodes\.(\d+)/.exec(field);
    const sentAccount = account ? update.accounts[Number(account[1])] : undefined;
    const sentTax = tax ? update.taxCodes[Number(tax[1])] : undefined;
    if (sentAccount) byRow[neededKey(sentAccount)] = message;
    else if (sentTax) byRow[taxCodeKey(sentTax.taxCode)] = message;
  }
  return byRow;
}

/** The key of a tax code's row among the problems (no role is called `tax-code`). */
export const taxCodeKey = (taxCode: string): string => `tax-code|${taxCode}`;
