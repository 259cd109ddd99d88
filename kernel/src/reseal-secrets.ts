// `npm run --workspace @kits/kernel secrets:reseal [-- --dry-run]`: after a PLUGIN_SETTINGS_KEY
// rotation (docs/operations.md), seals every kernel-held secret under the current key, prints what it
// did (JSON) and exits; `--dry-run` only counts. When it reports nothing under an earlier key — kernel
// or plugin-held — PLUGIN_SETTINGS_KEY_PREVIOUS may be dropped.
import { loadConfig, type KernelConfig } from './config/config.ts';
import { openDatabase, untilDatabaseAnswers, type Database } from './db/database.ts';
import { createLogger } from './logger.ts';
import { SettingsCipher } from './plugins/plugin-settings.ts';
import { resealSecrets } from './secrets/reseal.ts';
import { startFailureLine } from './start-failure.ts';

let config: KernelConfig | undefined;
let db: Database | undefined;
try {
  config = loadConfig();
  const log = createLogger(config);
  if (config.pluginSettingsKeyPrevious.length === 0) {
    throw new Error('PLUGIN_SETTINGS_KEY_PREVIOUS (or JWT_SECRET_PREVIOUS) names no earlier key: there is nothing to seal again');
  }
  db = await openDatabase(config, [], log, { maxConnections: 2 });
  await untilDatabaseAnswers(db, log, config.databaseWaitSeconds * 1000);
  const cipher = new SettingsCipher(config.pluginSettingsKey, config.pluginSettingsKeyPrevious);
  const report = await resealSecrets(db, cipher, { dryRun: process.argv.includes('--dry-run') });
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  await db.close();
  process.exit(0);
} catch (error) {
  process.stderr.write(`KiTS could not seal the secrets again — ${startFailureLine(error, config)}\n`);
  await db?.close().catch(() => undefined);
  process.exit(1);
}
