// `npm run --workspace @kits/deploy restore-shop -- --from <backup url> --to <live url> --tenant <uuid> [--dry-run] [--json]`:
// replaces one shop's rows in the live database with its rows in a restored backup (restore-shop.ts).
// Prints what it deleted and restored per table and exits 0; a refusal or a failure prints one
// message saying what to do and exits 1, having changed nothing.
import { parseArgs } from 'node:util';
import { RestoreRefused, restoreShop, type ShopRestoreReport } from './restore-shop.ts';

const USAGE =
  'usage: npm run --workspace @kits/deploy restore-shop -- --from <backup database url> --to <live database url> --tenant <tenant uuid> [--dry-run] [--json]';

function fail(message: string): never {
  process.stderr.write(`restore-shop: ${message}\n`);
  process.exit(1);
}

function summary(report: ShopRestoreReport): string {
  const used = report.tables.filter((table) => table.deleted > 0 || table.restored > 0);
  const width = Math.max(5, ...used.map((table) => table.table.length));
  const total = (key: 'deleted' | 'restored') => report.tables.reduce((sum, table) => sum + table[key], 0);
  const line = (table: string, deleted: number | string, restored: number | string) =>
    `  ${table.padEnd(width)}  ${String(deleted).padStart(9)}  ${String(restored).padStart(9)}`;
  return [
    report.dryRun
      ? `Dry run: nothing was written. Restoring shop ${report.shop.slug} (${report.tenantId}) would replace:`
      : `Restored shop ${report.shop.slug} (${report.tenantId}) from the backup in one transaction:`,
    line('table', report.dryRun ? 'to delete' : 'deleted', report.dryRun ? 'to copy' : 'restored'),
    ...used.map((table) => line(table.table, table.deleted, table.restored)),
    line(`${report.tables.length} tables`, total('deleted'), total('restored')),
    `  kernel.tenants row: ${report.tenantRow === 'kept' ? 'kept as the live database has it' : `missing from the live database, ${report.dryRun ? 'to be copied' : 'copied'} from the backup`}`,
    ...(report.sequencesAdvanced.length > 0 ? [`  sequences moved past restored values: ${report.sequencesAdvanced.join(', ')}`] : []),
    ...(report.dryRun ? [] : ['Now restart the kernels one by one (docs/operations.md, "Restoring one shop").']),
  ].join('\n');
}

let values: { from?: string; to?: string; tenant?: string; 'dry-run': boolean; json: boolean };
try {
  ({ values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      tenant: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`);
}
const missing = (['from', 'to', 'tenant'] as const).filter((name) => !values[name]);
if (missing.length > 0) fail(`${missing.map((name) => `--${name}`).join(', ')} missing\n${USAGE}`);

try {
  const report = await restoreShop({ from: values.from!, to: values.to!, tenantId: values.tenant!, dryRun: values['dry-run'] });
  process.stdout.write(`${values.json ? JSON.stringify(report) : summary(report)}\n`);
} catch (error) {
  if (error instanceof RestoreRefused) fail(`refused, nothing was changed: ${error.message}`);
  fail(error instanceof Error ? error.message : String(error));
}
