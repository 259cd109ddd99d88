import type { OfficePluginListing } from '@kits/plugin-sdk/office';
import { bundleEntryUrl } from '../plugins/plugin-bundles.ts';
import type { PluginHost } from '../plugins/plugin-host.ts';
import { secretPaths, withoutSecrets } from '../plugins/plugin-settings.ts';

/** The office bundles of the plugin versions a tenant runs, in a stable order (by id), with their settings but never a secret. */
export async function officePluginsOf(host: PluginHost, tenantId: string): Promise<OfficePluginListing[]> {
  const entries: OfficePluginListing[] = [];
  for (const { loaded, install } of await host.activePlugins(tenantId)) {
    const { pkg } = loaded;
    const entry = bundleEntryUrl(pkg, 'office');
    if (!entry) continue;
    entries.push({
      id: pkg.id,
      version: pkg.version,
      displayName: pkg.manifest.displayName,
      entry,
      settings: withoutSecrets(install.settings, secretPaths(pkg.manifest.settings)),
    });
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
