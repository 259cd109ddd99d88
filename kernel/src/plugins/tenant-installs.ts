import type { Logger } from 'pino';
import type { Database, Sql } from '../db/database.ts';
import { openSettings, type SettingsCipher } from './plugin-settings.ts';

/** One tenant's install of one plugin. */
export interface TenantInstall {
  readonly pluginId: string;
  readonly versionRange: string;
  readonly version: string;
  readonly enabled: boolean;
  /** Plain text: secret settings are opened for the plugin's server code; the API leaves them out. */
  readonly settings: Readonly<Record<string, unknown>>;
  /** The secret settings (`x-kits-secret`, dotted paths) that hold a value. */
  readonly secretsSet: readonly string[];
  /** What the kernel did to this install on its own (a yanked release moved or disabled), until the shop changes it again. */
  readonly notice: string | null;
}

/** How long a process trusts its cached view of a tenant's plugins without hearing of a change. */
const INSTALL_CACHE_MS = 30_000;

interface CachedInstalls {
  at: number;
  installs: Promise<Map<string, TenantInstall>>;
  resolved?: Map<string, TenantInstall>;
}

/**
 * Each tenant's plugin installs as this process knows them: read from `kernel.plugin_installs`
 * with their secret settings opened, trusted for a while, and forgotten when any process
 * announces a change of the tenant's plugins.
 */
export class TenantInstalls {
  readonly #deps: { readonly db: Database; readonly settingsCipher: SettingsCipher; readonly log: Logger };
  readonly #cache = new Map<string, CachedInstalls>();

  constructor(deps: { readonly db: Database; readonly settingsCipher: SettingsCipher; readonly log: Logger }) {
    this.#deps = deps;
  }

  /** The tenant's installs, cached per process and dropped when any process announces a change. */
  of(tenantId: string, sql: Sql = this.#deps.db): Promise<Map<string, TenantInstall>> {
    const cached = this.#cache.get(tenantId);
    if (cached && Date.now() - cached.at < INSTALL_CACHE_MS) return cached.installs;
    const installs = sql
      .query<{
        plugin_id: string;
        version_range: string;
        resolved_version: string;
        enabled: boolean;
        settings: Record<string, unknown>;
        notice: string | null;
      }>('select plugin_id, version_range, resolved_version, enabled, settings, notice from kernel.plugin_installs where tenant_id = $1', [
        tenantId,
      ])
      .then(
        (rows) =>
          new Map(
            rows.map((row) => {
              const opened = this.#openSettings(tenantId, row.plugin_id, row.settings);
              return [
                row.plugin_id,
                {
                  pluginId: row.plugin_id,
                  versionRange: row.version_range,
                  version: row.resolved_version,
                  enabled: row.enabled,
                  settings: opened.settings,
                  secretsSet: opened.secretsSet,
                  notice: row.notice,
                },
              ];
            }),
          ),
      );
    const entry: CachedInstalls = {
      at: Date.now(),
      installs,
    };
    installs.then(
      (map) => {
        entry.resolved = map;
      },
      () => this.#cache.delete(tenantId),
    );
    this.#cache.set(tenantId, entry);
    return installs;
  }

  /** The tenant's installs when they are cached, read and still trusted; undefined otherwise (no I/O). */
  cachedNow(tenantId: string): Map<string, TenantInstall> | undefined {
    const cached = this.#cache.get(tenantId);
    if (!cached?.resolved || Date.now() - cached.at >= INSTALL_CACHE_MS) return undefined;
    return cached.resolved;
  }

  /** Forgets one tenant's installs (they changed), or every tenant's (change messages may have been missed). */
  forget(tenantId?: string): void {
    if (tenantId === undefined) this.#cache.clear();
    else this.#cache.delete(tenantId);
  }

  /** Stored settings with their secrets opened; a secret that cannot be opened is left out and logged. */
  #openSettings(tenantId: string, pluginId: string, stored: Record<string, unknown>) {
    const opened = openSettings(this.#deps.settingsCipher, tenantId, pluginId, stored);
    if (opened.unreadable.length > 0) {
      this.#deps.log.error(
        { tenantId, plugin: pluginId, settings: opened.unreadable },
        'secret plugin settings cannot be opened (sealed under another PLUGIN_SETTINGS_KEY or JWT_SECRET); they count as not set until entered again',
      );
    }
    return opened;
  }
}
