import { problemError, type GatewayClient } from '../../src/sync/gateway-client.ts';

/** A tenant's install of a plugin; `settings` and `secretsSet` only for those who manage plugins. */
export interface PluginInstall {
  readonly pluginId: string;
  readonly versionRange: string;
  readonly version: string;
  readonly enabled: boolean;
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

/** The part of JSON Schema the settings form draws. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly title?: string;
  readonly description?: string;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly 'x-kits-secret'?: boolean;
  readonly 'x-kits-till'?: boolean;
}

const path = (id: string, rest = '') => `/api/v1/plugins/${encodeURIComponent(id)}${rest}`;

/** The back office's marketplace calls, as the signed-in staff member. */
export function marketplaceApi(client: GatewayClient) {
  return {
    search: (query: string) =>
      client.get<{ items: PluginListing[]; canManage: boolean }>(`/api/v1/plugins${query ? `?q=${encodeURIComponent(query)}` : ''}`),
    detail: (id: string) => client.get<PluginDetail>(path(id)),
    /** Installs (or moves to) and enables the newest release in `version`; without one, the install's own range. */
    enable: (id: string, version?: string) => client.post<PluginInstall>(path(id, '/enable'), version ? { version } : {}),
    disable: (id: string) => client.post<PluginInstall>(path(id, '/disable'), {}),
    saveSettings: (id: string, settings: Record<string, unknown>) => client.put<PluginInstall>(path(id, '/settings'), settings),
  };
}

/**
 * An operator's own calls, with the operator's token (kept in memory only, for this screen): the
 * till signs in tenant staff, and an operator pins versions for the tenant on their behalf.
 */
export function operatorApi(baseUrl = window.location.origin) {
  const send = async <Result>(method: string, url: string, body: unknown, token?: string): Promise<Result> => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    if (!response.ok) throw problemError(response.status, response.statusText, parsed);
    return parsed as Result;
  };
  return {
    signIn: async (email: string, password: string) =>
      (await send<{ accessToken: string }>('POST', '/api/v1/auth/operator/login', { email, password })).accessToken,
    pin: (token: string, tenantId: string, pluginId: string, version: string) =>
      send<PluginInstall>(
        'PUT',
        `/api/v1/tenants/${encodeURIComponent(tenantId)}/plugins/${encodeURIComponent(pluginId)}`,
        { version },
        token,
      ),
  };
}
