import { parseCapability, type PluginManifest } from '@kits/plugin-sdk';
import semver from 'semver';

/** A capability the plugin requires that no enabled plugin provides in a matching major. */
export interface MissingRequirement {
  readonly capability: string;
  readonly range: string;
}

type ManifestLike = Pick<PluginManifest, 'id' | 'provides' | 'requires'>;

/** Whether `provided` (`inventory@1`) satisfies the requirement `name` at `range` (`^1`). */
export function capabilitySatisfies(provided: string, name: string, range: string): boolean {
  const { name: providedName, major } = parseCapability(provided);
  return providedName === name && semver.satisfies(`${major}.0.0`, range);
}

/** The requirements of `plugin` that none of `enabled` provides. */
export function missingRequirements(plugin: ManifestLike, enabled: readonly ManifestLike[]): MissingRequirement[] {
  const others = enabled.filter((other) => other.id !== plugin.id);
  return Object.entries(plugin.requires ?? {})
    .filter(
      ([name, range]) => !others.some((other) => (other.provides ?? []).some((provided) => capabilitySatisfies(provided, name, range))),
    )
    .map(([name, range]) => ({ capability: name, range }));
}

/** The enabled plugins that would lose a requirement if `plugin` were disabled. */
export function dependents(plugin: ManifestLike, enabled: readonly ManifestLike[]): string[] {
  const remaining = enabled.filter((other) => other.id !== plugin.id);
  return remaining
    .filter((other) => missingRequirements(other, remaining).length > 0 && missingRequirements(other, [...remaining, plugin]).length === 0)
    .map((other) => other.id);
}

/** The enabled plugin providing `capability` (`inventory@1`), if any. */
export function providerOf<T extends ManifestLike>(capability: string, enabled: readonly T[]): T | undefined {
  return enabled.find((plugin) => (plugin.provides ?? []).includes(capability));
}
