/** Minor units per major unit of a currency (100 for EUR, 1 for JPY). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

/** An amount in minor units as the cashier reads it: `€12.50`. */
export function formatMoney(amount: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(amount / 10 ** currencyDigits(currency));
}
