import { clientSecretContext } from '../auth/identity/identity-providers.ts';
import { refreshContext } from '../auth/identity/sso-sign-in.ts';
import { totpSecretContext } from '../auth/second-factor/second-factors.ts';
import type { Database } from '../db/database.ts';
import { resealSettings, type SettingsCipher } from '../plugins/plugin-settings.ts';

/** A column of the kernel's holding one sealed secret per row, and what each row's secret is sealed for. */
interface SealedColumn {
  readonly table: string;
  readonly column: string;
  /** The row's key columns (tenant_id first). */
  readonly key: readonly string[];
  readonly context: (row: Record<string, string>) => string;
}

/** Every secret the kernel itself seals, by where it is kept (the plugins' settings are walked apart). */
const KERNEL_SEALED: readonly SealedColumn[] = [
  {
    table: 'kernel.identity_providers',
    column: 'client_secret_sealed',
    key: ['tenant_id'],
    context: (r) => clientSecretContext(r.tenant_id!),
  },
  {
    table: 'kernel.second_factors',
    column: 'totp_secret_sealed',
    key: ['tenant_id', 'user_id'],
    context: (r) => totpSecretContext(r.tenant_id!, r.user_id!),
  },
  {
    table: 'kernel.sessions',
    column: 'provider_refresh_sealed',
    key: ['tenant_id', 'session_id'],
    context: (r) => refreshContext(r.tenant_id!),
  },
  {
    table: 'kernel.sso_attempts',
    column: 'provider_refresh_sealed',
    key: ['tenant_id', 'attempt_id'],
    context: (r) => refreshContext(r.tenant_id!),
  },
];

/** What sealing again did, by place (`table.column`). */
export interface ResealReport {
  /** Secrets moved from an earlier key to the current one. */
  readonly resealed: Record<string, number>;
  /** Secrets under an earlier key that no key opens (damaged, or sealed for another place): left as they were. */
  readonly unreadable: Record<string, number>;
  /**
   * Secrets plugins sealed in their own tables (`tx.secrets`) still under an earlier key, found by their
   * form: only the plugin knows what each is for, so they move when the plugin saves them again.
   */
  readonly pluginHeld: Record<string, number>;
}

const SEALED_FORM = '^v1\\.[0-9a-f]{8}\\.';

/**
 * Seals again, under the current PLUGIN_SETTINGS_KEY, every kernel-held secret sealed under one of
 * PLUGIN_SETTINGS_KEY_PREVIOUS (docs/operations.md, rotating secrets), each table in one transaction;
 * with `dryRun` it only counts. Safe to run while kernels serve: a secret is replaced by the same
 * secret sealed anew, which every kernel started with the same keys opens.
 */
export async function resealSecrets(db: Database, cipher: SettingsCipher, options: { dryRun: boolean }): Promise<ResealReport> {
  const report: ResealReport = { resealed: {}, unreadable: {}, pluginHeld: {} };
  const count = (into: Record<string, number>, place: string, n: number) => {
    if (n > 0) into[place] = (into[place] ?? 0) + n;
  };

  for (const place of KERNEL_SEALED) {
    await db.transaction({}, async (tx) => {
      const rows = await tx.query<Record<string, string>>(
        `select ${place.key.join(', ')}, ${place.column} as sealed from ${place.table} where ${place.column} is not null for update`,
      );
      for (const row of rows) {
        if (!cipher.sealedUnderPrevious(row.sealed!)) continue;
        const plain = cipher.open(row.sealed!, place.context(row));
        if (plain === undefined) {
          count(report.unreadable, `${place.table}.${place.column}`, 1);
          continue;
        }
        count(report.resealed, `${place.table}.${place.column}`, 1);
        if (options.dryRun) continue;
        const where = place.key.map((column, index) => `${column} = $${index + 2}`).join(' and ');
        await tx.query(`update ${place.table} set ${place.column} = $1 where ${where}`, [
          cipher.seal(plain, place.context(row)),
          ...place.key.map((column) => row[column]),
        ]);
      }
    });
  }

  await db.transaction({}, async (tx) => {
    const installs = await tx.query<{ tenant_id: string; plugin_id: string; settings: Record<string, unknown> }>(
      'select tenant_id, plugin_id, settings from kernel.plugin_installs for update',
    );
    for (const install of installs) {
      const { settings, resealed, unreadable } = resealSettings(cipher, install.tenant_id, install.plugin_id, install.settings);
      count(report.resealed, 'kernel.plugin_installs.settings', resealed);
      count(report.unreadable, 'kernel.plugin_installs.settings', unreadable.length);
      if (resealed > 0 && !options.dryRun) {
        await tx.query('update kernel.plugin_installs set settings = $3 where tenant_id = $1 and plugin_id = $2', [
          install.tenant_id,
          install.plugin_id,
          JSON.stringify(settings),
        ]);
      }
    }
  });

  // Text columns of the plugins' schemas holding values of the sealed form under an earlier key.
  const columns = await db.query<{ place: string; schema: string; table: string; column: string }>(
    `select c.table_schema || '.' || c.table_name || '.' || c.column_name as place, c.table_schema as schema,
            c.table_name as "table", c.column_name as column
       from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
      where t.table_type = 'BASE TABLE' and c.data_type = 'text'
        and c.table_schema not in ('kernel', 'registry', 'pg_catalog', 'information_schema', 'public')`,
  );
  for (const { place, schema, table, column } of columns) {
    const values = await db.query<{ sealed: string }>(`select "${column}" as sealed from "${schema}"."${table}" where "${column}" ~ $1`, [
      SEALED_FORM,
    ]);
    count(report.pluginHeld, place, values.filter((value) => cipher.sealedUnderPrevious(value.sealed)).length);
  }
  return report;
}
