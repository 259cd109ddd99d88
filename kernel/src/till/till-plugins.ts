import type { TillPluginListing } from '@kits/plugin-sdk/till';
import { posix } from 'node:path';
import type { PluginPackage } from '../plugins/discovery.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { secretPaths, withoutSecrets } from '../plugins/plugin-settings.ts';

/** Where a plugin's till bundle is served: one folder per plugin version, so a URL never changes meaning. */
export const TILL_PLUGIN_PREFIX = '/till/plugins';

/** The folder of a plugin version's till bundle (the folder of its manifest's `till` entry). */
export function tillBundleDir(pkg: PluginPackage): string | undefined {
  return pkg.manifest.till ? posix.join(pkg.dir, posix.dirname(pkg.manifest.till)) : undefined;
}

/** The settings a till of this plugin may see: the properties its settings schema marks for tills, never a secret. */
function tillSettings(pkg: PluginPackage, settings: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const properties = (pkg.manifest.settings as { properties?: Record<string, { 'x-kits-till'?: boolean }> } | undefined)?.properties;
  const visible: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(properties ?? {})) {
    if (schema['x-kits-till'] === true && name in settings) visible[name] = settings[name];
  }
  // The manifest check refuses a secret that tills would be sent; this holds even if one got through.
  return withoutSecrets(visible, secretPaths(pkg.manifest.settings));
}

/** The till bundles of the plugin versions a tenant runs, in a stable order (by id). */
export async function tillPluginsOf(host: PluginHost, tenantId: string): Promise<TillPluginListing[]> {
  const entries: TillPluginListing[] = [];
  for (const { loaded, install } of await host.activePlugins(tenantId)) {
    const { pkg } = loaded;
    if (!pkg.manifest.till) continue;
    entries.push({
      id: pkg.id,
      version: pkg.version,
      displayName: pkg.manifest.displayName,
      entry: `${TILL_PLUGIN_PREFIX}/${pkg.id}/${pkg.version}/${posix.basename(pkg.manifest.till)}`,
      settings: tillSettings(pkg, install.settings),
    });
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
