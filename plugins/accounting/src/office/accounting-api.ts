/**
 * What the accounting plugin's API answers, as the office reads it (the routes of src/server/,
 * under /api/v1/accounting; the contract is issue 24's, D-184). The provider's own types come from
 * the SDK's `accounting@1`.
 */
import type { AccountingConnection, LedgerRole, ProviderAccount, ProviderTaxRate } from '@kits/plugin-sdk';
import type { ExportStatus, ExportView } from '../shared/export-view.ts';

export type { AccountingConnection, LedgerRole, ProviderAccount, ProviderTaxRate };

export const API = '/api/v1/accounting';

/** Who may look at the accounting pages, and who may change anything on them (the kernel checks again). */
export const VIEW = 'accounting:view';
export const MANAGE = 'accounting:manage';

/** The accounting systems a merchant can enable from the marketplace (plugin ids), in the order the empty state names them. */
export const PROVIDER_PLUGINS = [
  { id: 'quickbooks', name: 'QuickBooks Online' },
  { id: 'xero', name: 'Xero' },
] as const;

export { EXPORT_STATUSES, type ExportStatus } from '../shared/export-view.ts';
/** An export: one journal posted for a location's day (the routes' `ExportView`). */
export type DayExport = ExportView;

/** GET /status. */
export interface AccountingStatus {
  /** The enabled accounting system (the plugin providing `accounting@1`) and its connection; null when none is enabled. */
  readonly provider: { readonly system: { readonly id: string; readonly name: string }; readonly connection: AccountingConnection } | null;
  readonly mappingComplete: boolean;
  readonly counts: Readonly<Record<ExportStatus, number>>;
  readonly lastPostedAt: string | null;
}

/** One (role, key) a journal line needs an account for. */
export interface NeededAccount {
  readonly role: LedgerRole;
  readonly key: string;
  /** What the line is, for the merchant ("Net sales VAT 20%", "Card clearing (stripe-pay)"). */
  readonly label: string;
  /** The account it is mapped to; null when not mapped yet. */
  readonly accountId: string | null;
  /** The account chosen by name (`suggestMapping`), offered until the merchant saves a choice. */
  readonly suggestedAccountId: string | null;
}

/** One tax code of the tenant's sales lines (`VAT 20%`, `No tax`) and the provider's tax rate it carries. */
export interface TaxCodeMapping {
  readonly taxCode: string;
  readonly taxRateId: string | null;
  readonly suggestedTaxRateId: string | null;
}

/** GET /mapping. */
export interface AccountMapping {
  readonly needed: readonly NeededAccount[];
  readonly taxCodes: readonly TaxCodeMapping[];
  readonly accounts: readonly ProviderAccount[];
  readonly taxRates: readonly ProviderTaxRate[];
}

/** PUT /mapping (partial: only what is sent changes). */
export interface MappingUpdate {
  readonly accounts: readonly { readonly role: LedgerRole; readonly key: string; readonly accountId: string }[];
  readonly taxCodes: readonly { readonly taxCode: string; readonly taxRateId: string | null }[];
}

/** GET /exports: a page, `next` the cursor of the page after it (null on the last). */
export interface ExportsPage {
  readonly exports: readonly DayExport[];
  readonly next: string | null;
}

/** One line of a day's journal, one side only. */
export interface JournalLine {
  readonly role: LedgerRole;
  readonly key: string;
  readonly label: string;
  readonly debit: number;
  readonly credit: number;
  readonly accountId: string | null;
}

/** GET /days/:locationId/:day/journal: what the day's journal holds now. */
export interface DayJournal {
  readonly locationId: string;
  readonly day: string;
  /** Whether the day is closed (ended, every shift opened before its end closed) or was exported by hand. */
  readonly closed: boolean;
  readonly lines: readonly JournalLine[];
  readonly debitTotal: number;
  readonly creditTotal: number;
  /** The ids of the exports made of this day (the day's journal, then adjustments). */
  readonly exported: readonly string[];
  /** The journal's currency, when the server says it (the location's otherwise). */
  readonly currency?: string;
}
