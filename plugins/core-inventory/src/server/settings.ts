/** Per-tenant settings of core-inventory (the manifest's settings schema). */
export interface InventorySettings {
  readonly lowStockEvents: boolean;
  /** Currencies besides the tenant's that prices and costs may be in (absent in settings stored before it existed). */
  readonly otherCurrencies?: readonly string[];
}
