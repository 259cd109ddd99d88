import type { TaxRate } from '../shared/pricing.ts';

/** Per-tenant settings of core-sales (the manifest's settings schema fills the defaults). */
export interface SalesSettings {
  readonly currency: string;
  readonly pricesIncludeTax: boolean;
  readonly taxRounding: 'line' | 'invoice';
  readonly cashRounding: number;
  readonly taxRates: Readonly<Record<string, readonly TaxRate[]>>;
  readonly offlineOversell: 'accept' | 'deny';
  readonly parkedHoldMinutes: number;
  /** The till's quick keys, in order: items sold without a barcode. */
  readonly quickKeys: ReadonlyArray<{ readonly variantId: string; readonly label?: string }>;
  /** A card authorization whose sale never completed is canceled after this many minutes. */
  readonly cardHoldGraceMinutes: number;
  /** A refund above this (minor units of `currency`) needs core-sales:refund.over-limit; 0: no limit. */
  readonly refundLimit: number;
}

const DEFAULTS: SalesSettings = {
  currency: 'EUR',
  pricesIncludeTax: true,
  taxRounding: 'line',
  cashRounding: 1,
  taxRates: { standard: [{ name: 'VAT', basisPoints: 2000 }], reduced: [{ name: 'VAT', basisPoints: 500 }], zero: [] },
  offlineOversell: 'accept',
  parkedHoldMinutes: 240,
  quickKeys: [],
  cardHoldGraceMinutes: 15,
  refundLimit: 0,
};

/** Settings with every default filled in (settings stored before a default existed lack it). */
export const salesSettings = (settings: Partial<SalesSettings>): SalesSettings => ({ ...DEFAULTS, ...settings });
