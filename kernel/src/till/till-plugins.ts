import type { TillPluginListing } from '@kits/plugin-sdk/till';
import type { PluginPackage } from '../plugins/discovery.ts';
import { bundleEntryUrl } from '../plugins/plugin-bundles.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { secretPaths, withoutSecrets } from '../plugins/plugin-settings.ts';

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
    const entry = bundleEntryUrl(pkg, 'till');
    if (!entry) continue;
    entries.push({
      id: pkg.id,
      version: pkg.version,
      displayName: pkg.manifest.displayName,
      entry,
      settings: tillSettings(pkg, install.settings),
    });
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
