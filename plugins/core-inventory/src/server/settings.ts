/** Per-tenant settings of core-inventory (the manifest's settings schema). */
export interface InventorySettings {
  readonly lowStockEvents: boolean;
}
