/** The tenant's settings of the shopify plugin (package.json `kits.settings`), secrets opened. */
export interface ShopifySettings {
  readonly appClientId?: string;
  readonly appClientSecret?: string;
  readonly orderHandling?: 'sale' | 'reserve';
  readonly apiBase?: string;
}
