/**
 * `accounting@1`: an accounting system a closed day's journal is posted to (QuickBooks Online, Xero,
 * Odoo, …). Provided by the plugin that connects to it (one per tenant); used by the `accounting`
 * plugin, which keeps each location's day ledger, builds the journal (`dayJournal` in
 * `./accounting/`), maps it to the provider's accounts and posts it once. A provider only connects,
 * lists, posts and finds: what a day holds, when it is closed, retries and adjusting journals are the
 * accounting plugin's. Money is integer minor units of `currency`; a provider converts at its edge.
 * Every call runs in the caller's transaction, as the providing plugin (its tables, its secrets).
 */

/** Whether the provider can post now. `reconnect_required`: a token refresh failed; exports pause until the merchant reconnects. */
export type AccountingConnectionStatus = 'connected' | 'disconnected' | 'reconnect_required';

export interface AccountingConnection {
  readonly status: AccountingConnectionStatus;
  /** The connected company (organisation) as the provider names it; null when not connected. */
  readonly companyName: string | null;
  /** The company's base currency (ISO 4217); null when not connected. */
  readonly currency: string | null;
  /** Why it is not connected, in words for the merchant (the provider's message where there is one). */
  readonly reason: string | null;
}

/** What kind of ledger account it is, in the five classes every system has. */
export type AccountClass = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

/** An account of the connected company's chart of accounts. */
export interface ProviderAccount {
  /** The provider's id (QuickBooks `Id`, Xero `AccountID`). */
  readonly id: string;
  /** The account code, where the system has one (Xero `Code`, QuickBooks `AcctNum`). */
  readonly code: string | null;
  readonly name: string;
  readonly class: AccountClass;
  /** The provider's own type, shown beside the name (`Income`, `Other Current Liability`, `BANK`). */
  readonly type: string;
}

/** A tax rate (QuickBooks tax code, Xero tax type) sales lines can carry. */
export interface ProviderTaxRate {
  /** The provider's id (QuickBooks TaxCode `Id`, Xero `TaxType`). */
  readonly id: string;
  readonly name: string;
  /** The rate in basis points (2000 = 20%), where the provider says it; null when it does not. */
  readonly basisPoints: number | null;
}

/** What a journal line is for, so a provider that posts in another shape (Xero invoices + payments) can tell. */
export type LedgerRole =
  /** Net sales (tax excluded, after discounts) of one tax code; credit. Keyed by the tax code. */
  | 'sales'
  /** Discounts given, as the till showed them; debit (the sales line carries them back, so net is right). Keyed by tax code. */
  | 'discounts'
  /** Tax collected (credit) or given back on refunds (debit), of one tax rate. Keyed by the rate's name. */
  | 'tax'
  /** Refunds given, tax excluded; debit. Keyed by tax code. */
  | 'refunds'
  /** A channel's charges (shipping) net of tax; credit. Keyed by the charge kind. */
  | 'charges'
  /** Money taken less money given back, by tender; debit (credit when more went back). Keyed by method, or `method:provider` for cards. */
  | 'tender'
  /** Cash rounding; credit when rounding took more than the lines' total. */
  | 'rounding'
  /** Counted cash against expected at the Z report: over is a credit, short a debit. */
  | 'cash_over_short'
  /** Cost of goods sold (debit), net of goods returned to stock. */
  | 'cogs'
  /** Inventory asset: credit for goods sold, debit for goods received. */
  | 'inventory'
  /** Goods received not yet invoiced (accounts payable accrual); credit. */
  | 'ap_accrual';

/** One line of a journal posted to a provider: one side only, already mapped to its accounts. */
export interface ProviderJournalLine {
  readonly role: LedgerRole;
  /** What the line is of within its role (`VAT 20%`, `card:stripe-pay`, `cash`); `''` for roles with one line. */
  readonly key: string;
  readonly accountId: string;
  /** The provider tax rate the line carries (sales, discounts, refunds lines), or null (no tax on the line in the provider). */
  readonly taxRateId: string | null;
  /** Exactly one of debit and credit is > 0; both are integer minor units. */
  readonly debit: number;
  readonly credit: number;
  /** The line's description in the provider (`Net sales VAT 20%`). */
  readonly description: string;
}

/** A balanced journal (Σ debit = Σ credit, checked before it is posted) for one location's day. */
export interface ProviderJournal {
  /** The business day it is for (YYYY-MM-DD, the location's zone): the journal's date. */
  readonly date: string;
  readonly currency: string;
  /** Shown in the provider and unique per posting: `KiTS Front Street 2026-12-06` (+ ` adj 1` for an adjustment). */
  readonly reference: string;
  /** The narration / memo. */
  readonly memo: string;
  readonly lines: readonly ProviderJournalLine[];
}

/** A journal the provider holds. */
export interface PostedJournal {
  /** The provider's id of what it created (QuickBooks JournalEntry `Id`, Xero `ManualJournalID`; for several documents, joined by `,`). */
  readonly providerId: string;
  /** Where the merchant sees it in the provider, when known. */
  readonly url: string | null;
}

export interface AccountingService {
  /** Which system: `quickbooks`, `xero`, … (the providing plugin's id) and its name for people. */
  readonly system: { readonly id: string; readonly name: string };
  connection(): Promise<AccountingConnection>;
  /** The connected company's active accounts. Throws `AccountingNotConnectedError` when not connected. */
  accounts(): Promise<readonly ProviderAccount[]>;
  /** The connected company's active tax rates. Throws `AccountingNotConnectedError` when not connected. */
  taxRates(): Promise<readonly ProviderTaxRate[]>;
  /**
   * Posts the journal once per `idempotencyKey` (≤ 50 characters of [A-Za-z0-9-]; passed to the
   * provider's own idempotency: QuickBooks `requestid`, Xero `Idempotency-Key`), so a repeat after a
   * timeout never posts twice. Throws `AccountingRateLimitedError` (429; retry after),
   * `AccountingRejectedError` (the provider refused it: its message), `AccountingNotConnectedError`.
   */
  postJournal(journal: ProviderJournal, idempotencyKey: string): Promise<PostedJournal>;
  /**
   * What was posted under `idempotencyKey` (found by the journal's `reference`, which the provider
   * stores), or null: the caller asks before posting again after a failure it cannot read (a
   * timeout after the provider stored the journal).
   */
  findJournal(idempotencyKey: string, journal: ProviderJournal): Promise<PostedJournal | null>;
}

/** The provider said "too many requests": try again after `retryAfterSeconds` (Xero's daily limit: tomorrow). */
export class AccountingRateLimitedError extends Error {
  override readonly name = 'AccountingRateLimitedError';
  readonly retryAfterSeconds: number;
  /** `minute`, `daily`, … as the provider said, for the export page. */
  readonly limit: string;
  constructor(retryAfterSeconds: number, limit: string, message?: string) {
    super(message ?? `The accounting system is rate limiting KiTS (${limit} limit); trying again in ${retryAfterSeconds} s.`);
    this.retryAfterSeconds = retryAfterSeconds;
    this.limit = limit;
  }
}

/** The provider refused what was sent (validation): `providerMessage` is its words, shown with a retry button. */
export class AccountingRejectedError extends Error {
  override readonly name = 'AccountingRejectedError';
  readonly providerMessage: string;
  /** The provider's error code, when it gives one. */
  readonly providerCode: string | null;
  constructor(providerMessage: string, providerCode: string | null = null) {
    super(`The accounting system refused the journal: ${providerMessage}`);
    this.providerMessage = providerMessage;
    this.providerCode = providerCode;
  }
}

/** Not connected, or a token refresh failed: the merchant reconnects from the provider's page; exports pause until then. */
export class AccountingNotConnectedError extends Error {
  override readonly name = 'AccountingNotConnectedError';
  readonly reason: string;
  constructor(reason: string) {
    super(`The accounting system is not connected: ${reason}`);
    this.reason = reason;
  }
}

declare module './capabilities.ts' {
  interface CapabilityMap {
    'accounting@1': AccountingService;
  }
}
