import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { KernelConfig } from './config/config.ts';
import { DEMO } from './demo.ts';
import type { Kernel } from './kernel.ts';
import { withoutPassword } from './start-failure.ts';
import { createPairingCode } from './tenancy/pairing.ts';

/** The demo till's device and a fresh pairing code for it (valid 15 minutes), so it can be paired right away. */
async function demoTill(kernel: Kernel): Promise<{ deviceId: string; code: string } | undefined> {
  const [device] = await kernel.db.query<{ device_id: string; tenant_id: string }>(
    'select d.device_id, d.tenant_id from kernel.devices d join kernel.tenants t on t.tenant_id = d.tenant_id where t.slug = $1 order by d.created_at limit 1',
    [DEMO.tenant],
  );
  if (!device) return undefined;
  const pairing = await kernel.db.transaction({ tenantId: device.tenant_id }, (tx) =>
    createPairingCode(tx, device.tenant_id, device.device_id),
  );
  return { deviceId: device.device_id, code: pairing.code };
}

/**
 * What `npm start` prints last, once the kernel listens and its plugins are loaded: where
 * everything is and how to sign in.
 */
export async function startBanner(
  kernel: Kernel,
  config: KernelConfig,
  address: string,
  demo: { created: boolean } | undefined,
  /** The operator `npm start` made up on the embedded default: its password may be shown. */
  embeddedOperator: { email: string; password: string },
): Promise<string> {
  const url = address.replace('://127.0.0.1', '://localhost');
  const database = config.databaseUrl ? `PostgreSQL at ${withoutPassword(config.databaseUrl)}` : `embedded PGlite in ${config.dataDir}`;
  const tillBuilt = existsSync(join(config.tillDir, 'index.html'));
  const officeBuilt = existsSync(join(config.officeDir, 'index.html'));
  const lines = [
    '',
    `KiTS POS is running at ${url}  (${database}, ${config.amqpUrl ? 'RabbitMQ' : 'in-process events'}${config.redisUrl ? ', Redis' : ''})`,
    `  till         ${url}/till/${tillBuilt ? '' : '  (not built: run `npm run build`)'}`,
    `  back office  ${url}/office/${officeBuilt ? '' : '  (not built: run `npm run build`)'}`,
    `  API docs     ${url}/docs`,
    `  registry     ${config.registryUrl ?? `${url}/registry/v1/plugins  (embedded)`}`,
    `  health       ${url}/readyz`,
  ];
  if (demo) {
    const till = await demoTill(kernel);
    lines.push(
      `  demo tenant  "${DEMO.tenant}"${demo.created ? ' (created now)' : ''}`,
      `  office       ${url}/office/  shop ${DEMO.tenant}, ${DEMO.admin.email} / ${DEMO.admin.password}`,
      `  sign in      POST ${url}/api/v1/auth/login  {"tenant":"${DEMO.tenant}","email":"${DEMO.admin.email}","password":"${DEMO.admin.password}"}`,
      `  pair a till  open ${url}/till/ and enter the code ${till?.code ?? '(no till device)'} (valid 15 minutes)`,
      `  cashier      ${DEMO.cashier.email}, PIN ${DEMO.cashier.pin} on till device ${till?.deviceId ?? '(none)'}`,
    );
  }
  if (config.operatorEmail) {
    // A configured operator's password is the operator's own: it is never printed.
    const password = config.operatorEmail === embeddedOperator.email ? ` / ${embeddedOperator.password}` : '';
    lines.push(`  operator     ${config.operatorEmail}${password}`);
  }
  const plugins = kernel.plugins.catalog.ids();
  const none = config.registryUrl ? `(none offered by ${config.registryUrl})` : '(none found in PLUGIN_DIRS)';
  lines.push(`  plugins      ${plugins.join(', ') || none}`, '');
  return lines.join('\n');
}
