/** Per-tenant settings of purchasing (the manifest's settings schema, defaults applied). */
export interface PurchasingSettings {
  readonly overReceiptPercent: number;
  readonly velocityWindowDays: number;
  readonly coverDays: number;
  readonly autoReorderEveryMinutes: number;
}
