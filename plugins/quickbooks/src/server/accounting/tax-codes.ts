import type { ProviderTaxRate } from '@kits/plugin-sdk';

interface RateDetail {
  readonly TaxRateRef?: { readonly value?: string };
}

/** A TaxCode as the Accounting API answers it (the fields KiTS reads). */
export interface QboTaxCode {
  readonly Id: string;
  readonly Name: string;
  readonly Active?: boolean;
  readonly SalesTaxRateList?: { readonly TaxRateDetail?: readonly RateDetail[] };
  readonly PurchaseTaxRateList?: { readonly TaxRateDetail?: readonly RateDetail[] };
}

/** A TaxRate (the percentage a TaxCode applies); RateValue is a percent (`20`, `7.25`). */
export interface QboTaxRate {
  readonly Id: string;
  readonly Name: string;
  readonly RateValue?: number | string;
  readonly Active?: boolean;
}

/**
 * A percent as QuickBooks writes it (20, "7.25", 8.875) in basis points, rounded half up to a whole
 * one; undefined when it is not a plain decimal. Read from its text, never multiplied as a float.
 */
export function basisPointsOf(percent: number | string | undefined): number | undefined {
  if (percent === undefined) return undefined;
  const match = /^(\d+)(?:\.(\d+))?$/.exec(String(percent).trim());
  if (!match) return undefined;
  const fraction = match[2] ?? '';
  const whole = Number(match[1]) * 100 + Number(fraction.slice(0, 2).padEnd(2, '0'));
  return fraction.length > 2 && Number(fraction[2]) >= 5 ? whole + 1 : whole;
}

/**
 * The tax codes sales lines can carry, as accounting@1 lists them: a code's rate is the sum of its
 * sales rates (a combined code: state + county), null when it names none or one is unknown. Codes
 * that apply only to purchases are left out.
 */
export function providerTaxRatesOf(codes: readonly QboTaxCode[], rates: readonly QboTaxRate[]): ProviderTaxRate[] {
  const rateById = new Map(rates.map((rate) => [rate.Id, basisPointsOf(rate.RateValue)]));
  const result: ProviderTaxRate[] = [];
  for (const code of codes) {
    if (code.Active === false) continue;
    const sales = code.SalesTaxRateList?.TaxRateDetail ?? [];
    const purchases = code.PurchaseTaxRateList?.TaxRateDetail ?? [];
    if (sales.length === 0 && purchases.length > 0) continue;
    let basisPoints: number | null = sales.length === 0 ? null : 0;
    for (const detail of sales) {
      const rate = detail.TaxRateRef?.value === undefined ? undefined : rateById.get(detail.TaxRateRef.value);
      basisPoints = rate === undefined || basisPoints === null ? null : basisPoints + rate;
    }
    result.push({ id: code.Id, name: code.Name, basisPoints });
  }
  return result;
}
