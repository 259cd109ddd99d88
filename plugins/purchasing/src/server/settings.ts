/** Per-tenant settings of purchasing (the manifest's settings schema, defaults applied). */
export interface PurchasingSettings {
  readonly overReceiptPercent: number;
  readonly velocityWindowDays: number;
  readonly coverDays: number;
  readonly autoReorderEveryMinutes: number;
  /** Currencies besides the tenant's that suppliers may be paid in (absent in settings stored before it existed). */
  readonly otherCurrencies?: readonly string[];
}
