import type { PluginLogger, ServiceLocator, TenantTransaction } from '@kits/plugin-sdk';
import type { ShopifySettings } from '../settings.ts';

/** What taking an order in needs: the tenant's transaction, its services and the plugin's settings. */
export interface IntakeScope {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: ShopifySettings;
  readonly log: PluginLogger;
}
