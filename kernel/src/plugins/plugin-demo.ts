import type { DemoContext } from '@kits/plugin-sdk';
import type { Database } from '../db/database.ts';
import { withTimeLimit } from '../time-limit.ts';
import type { PluginHost } from './plugin-host.ts';
import { systemActor } from './tenant-transaction.ts';

/** The demo tenant's places a plugin's demo data goes to. */
export interface DemoLocations {
  readonly storeId: string;
  readonly warehouseId: string;
}

/**
 * Runs one enabled plugin's `demo` hook for the demo tenant, in one transaction, as the plugin
 * (a system actor), within the handler time limit. Answers the permissions the plugin asked the
 * demo cashier to hold — only its own — once its transaction committed; nothing without a hook.
 */
export async function runPluginDemo(
  host: PluginHost,
  db: Database,
  handlerTimeoutMs: number,
  tenantId: string,
  pluginId: string,
  locations: DemoLocations,
): Promise<string[]> {
  const active = await host.activePlugin(tenantId, pluginId);
  const demo = active?.loaded.module.demo;
  if (!active || !demo) return [];
  const { loaded, install } = active;
  const installs = await host.installsOf(tenantId);
  // Its services may call the capabilities it requires: every enabled plugin is loaded first.
  await host.loadEnabled(installs);
  const actor = systemActor(tenantId, pluginId);
  const own = new Set(loaded.pkg.manifest.permissions ?? []);
  const forCashier: string[] = [];
  try {
    await db.transaction({ tenantId }, async (tx) => {
      const context: DemoContext = {
        tenantId,
        tx: host.tenantTransaction(tx, tenantId, loaded.pkg, actor),
        settings: install.settings,
        log: loaded.log,
        locations,
        services: host.services(tenantId, tx, actor, installs, loaded.pkg),
        allowCashier(permissions) {
          const foreign = permissions.filter((permission) => !own.has(permission));
          if (foreign.length > 0) {
            throw new Error(
              `it asked the cashier to hold ${foreign.join(', ')}, which its manifest does not declare: a plugin grants only its own permissions`,
            );
          }
          forCashier.push(...permissions);
        },
      };
      await withTimeLimit(demo.call(loaded.module, context), handlerTimeoutMs, `${pluginId} demo`);
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`the demo set-up could not add the demo data of ${pluginId}@${loaded.pkg.version}: ${reason}`, { cause: error });
  }
  return forCashier;
}
