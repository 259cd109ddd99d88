import type { CatalogueEventType } from '@kits/plugin-sdk';
import { KERNEL_EVENT_TYPES } from '../events/dead-letter-event.ts';
import type { PluginPackage } from './discovery.ts';

const declared = new WeakMap<PluginPackage, ReadonlySet<string> | undefined>();

/**
 * The event types a plugin's manifest declares (`publishes`), which `tx.publish` holds it to;
 * undefined when the manifest has no list (D-201). Read once per package, not per transaction.
 */
export function declaredEventTypes(pkg: PluginPackage): ReadonlySet<string> | undefined {
  if (!declared.has(pkg)) declared.set(pkg, pkg.manifest.publishes ? new Set(pkg.manifest.publishes.map((p) => p.type)) : undefined);
  return declared.get(pkg);
}

/** A tenant's event catalogue: the kernel's own events and what its enabled plugins' manifests declare, sorted by type. */
export function eventCatalogue(enabled: Iterable<PluginPackage>): CatalogueEventType[] {
  const types: CatalogueEventType[] = [...KERNEL_EVENT_TYPES];
  for (const pkg of enabled)
    for (const entry of pkg.manifest.publishes ?? []) types.push({ type: entry.type, description: entry.description, pluginId: pkg.id });
  return types.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
}
