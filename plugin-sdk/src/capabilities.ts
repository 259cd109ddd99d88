/**
 * Capability interfaces that plugins provide and use (`inventory@1`, `sales@1`, `payments@1`).
 * Each capability's interface is declared here (or in a module augmenting this map) so that
 * `services.use('inventory@1')` is typed without importing the providing plugin.
 *
 * A plugin adds its capability by declaration merging:
 *   declare module '@kits/plugin-sdk' { interface CapabilityMap { 'inventory@1': InventoryService } }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface CapabilityMap {}

export type CapabilityName = keyof CapabilityMap extends never ? string : keyof CapabilityMap | (string & {});
export type CapabilityService<Name extends string> = Name extends keyof CapabilityMap ? CapabilityMap[Name] : unknown;

/** `inventory@1` → { name: 'inventory', major: 1 } */
export function parseCapability(capability: string): { name: string; major: number } {
  const match = /^([a-z][a-z0-9-]*)@(\d+)$/.exec(capability);
  if (!match) throw new Error(`"${capability}" is not a capability: write it as <name>@<major>, like inventory@1`);
  return { name: match[1]!, major: Number(match[2]) };
}
