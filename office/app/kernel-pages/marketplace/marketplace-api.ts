import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import type { JsonSchema } from '@kits/ui-kit';
import { announcePluginsChanged } from '../../plugins/plugins-changed.ts';

/** Passes an answer on after telling the office its plugins changed (their pages load again). */
const announced = <T>(answer: T): T => {
  announcePluginsChanged();
  return answer;
};

export type { JsonSchema };

/** A tenant's install of a plugin; `settings` and `secretsSet` only for those who manage plugins. */
export interface PluginInstall {
  readonly pluginId: string;
  readonly versionRange: string;
  readonly version: string;
  readonly enabled: boolean;
  /** What the platform did to the install on its own (its release was withdrawn), until the shop changes it again. */
  readonly notice: string | null;
  readonly settings?: Record<string, unknown>;
  /** Secret settings that hold a value (their values never come back). */
  readonly secretsSet?: readonly string[];
}

/** A plugin the registry offers (`GET /api/v1/plugins`). */
export interface PluginListing {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  readonly publisher: string;
  readonly trustedPublisher: boolean;
  readonly latest: string;
  readonly kernel: string;
  readonly kernelCompatible: boolean;
  readonly versions: readonly string[];
  readonly provides: readonly string[];
  readonly requires: Readonly<Record<string, string>>;
  readonly permissions: readonly string[];
  readonly install: PluginInstall | null;
}

export interface PluginRelease {
  readonly version: string;
  readonly publishedAt: string;
  readonly kernel: string;
  readonly kernelCompatible: boolean;
  readonly permissions: readonly string[];
  readonly yanked: boolean;
  readonly yankReason: string | null;
}

/** One plugin in full (`GET /api/v1/plugins/:id`). */
export interface PluginDetail extends PluginListing {
  readonly publisherName: string;
  readonly releases: readonly PluginRelease[];
  readonly settingsSchema: JsonSchema | null;
  readonly settingsVersion: string;
  readonly canManage: boolean;
}

const path = (id: string, rest = '') => `/api/v1/plugins/${encodeURIComponent(id)}${rest}`;

/** The marketplace's calls, as the signed-in person. */
export function marketplaceApi(context: OfficePluginContext) {
  const { api } = context;
  return {
    search: (query: string, cursor: string | undefined, signal?: AbortSignal) =>
      api.get<{ items: PluginListing[]; nextCursor: string | null; canManage: boolean }>('/api/v1/plugins', {
        query: { q: query || undefined, cursor, limit: 50 },
        ...(signal ? { signal } : {}),
      }),
    detail: (id: string, signal?: AbortSignal) => api.get<PluginDetail>(path(id), signal ? { signal } : {}),
    /** Installs (or moves to) and enables; `settings` given: enabled with them (required settings first). */
    enable: (id: string, settings?: Record<string, unknown>) =>
      api.post<PluginInstall>(path(id, '/enable'), settings ? { settings } : {}).then(announced),
    disable: (id: string) => api.post<PluginInstall>(path(id, '/disable'), {}).then(announced),
    saveSettings: (id: string, settings: Record<string, unknown>) =>
      api.put<PluginInstall>(path(id, '/settings'), settings).then(announced),
  };
}

/** Settings problems the kernel names `settings.storeCode`: keyed as the form names its fields (`storeCode`). */
export function settingsProblems(problems: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(problems)) {
    if (field === '') continue;
    out[field.replace(/^settings\.?/, '')] = message;
  }
  return out;
}

/** The top-level settings that are required and have no default: the plugin cannot run until they are given. */
export function requiredWithoutDefault(schema: JsonSchema | null): string[] {
  if (!schema?.properties) return [];
  return (schema.required ?? []).filter((name) => schema.properties![name]?.default === undefined);
}

/** A secret left blank is left out: the kernel keeps its stored value (sending "" would clear it). */
export function withoutBlankSecrets(schema: JsonSchema | null, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, inner] of Object.entries(value)) {
    const property = schema?.properties?.[name];
    if (property?.['x-kits-secret'] && (inner === '' || inner === undefined)) continue;
    if (property?.properties && inner && typeof inner === 'object' && !Array.isArray(inner))
      out[name] = withoutBlankSecrets(property, inner as Record<string, unknown>);
    else if (inner !== undefined && inner !== '') out[name] = inner;
  }
  return out;
}

/** What a plugin's state reads as: Enabled · 1.1.0, Disabled · 1.1.0, Not installed. */
export const stateText = (install: PluginInstall | null) =>
  install ? `${install.enabled ? 'Enabled' : 'Disabled'} · ${install.version}` : 'Not installed';
