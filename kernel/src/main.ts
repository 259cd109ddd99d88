import { ConfigError, loadConfig } from './config/config.ts';
import { DEMO, seedDemo } from './demo.ts';
import { createKernel } from './kernel.ts';
import { createPairingCode } from './tenancy/pairing.ts';

/**
 * `npm start`: boots the kernel from the environment. On the embedded default (no DATABASE_URL)
 * it also creates the demo tenant on first start and prints where to go and how to sign in.
 */
async function main(): Promise<void> {
  const embedded = !process.env.DATABASE_URL;
  const env = { ...process.env };
  if (embedded) {
    env.OPERATOR_EMAIL ??= 'operator@demo.kits';
    env.OPERATOR_PASSWORD ??= 'demo-operator-pass';
  }
  let config;
  try {
    config = loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`KiTS kernel cannot start — ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const kernel = await createKernel(config);
  const seeded =
    embedded || process.env.KITS_DEMO === '1'
      ? await seedDemo(kernel, { email: config.operatorEmail!, password: config.operatorPassword! })
      : undefined;
  const address = await kernel.listen();
  const url = address.replace('://127.0.0.1', '://localhost');

  const lines = [
    '',
    `KiTS POS is running at ${url}  (${config.databaseUrl ? 'PostgreSQL' : `embedded PGlite in ${config.dataDir}`}, ${config.amqpUrl ? 'RabbitMQ' : 'in-process events'})`,
    `  API docs     ${url}/docs`,
    `  registry     ${config.registryUrl ?? `${url}/registry/v1/plugins  (embedded)`}`,
    `  till         ${url}/till/`,
    `  health       ${url}/readyz`,
  ];
  if (seeded) {
    const [device] = await kernel.db.query<{ device_id: string; tenant_id: string }>(
      'select d.device_id, d.tenant_id from kernel.devices d join kernel.tenants t on t.tenant_id = d.tenant_id where t.slug = $1 order by d.created_at limit 1',
      [DEMO.tenant],
    );
    // A fresh pairing code at every start, so the till can be paired right away.
    const pairing = device
      ? await kernel.db.transaction({ tenantId: device.tenant_id }, (tx) => createPairingCode(tx, device.tenant_id, device.device_id))
      : undefined;
    lines.push(
      `  demo tenant  "${DEMO.tenant}"${seeded.created ? ' (created now)' : ''}`,
      `  sign in      POST ${url}/api/v1/auth/login  {"tenant":"${DEMO.tenant}","email":"${DEMO.admin.email}","password":"${DEMO.admin.password}"}`,
      `  cashier      ${DEMO.cashier.email}, PIN ${DEMO.cashier.pin} on till device ${device?.device_id ?? '(none)'}`,
      `  pair a till  open ${url}/till/ and enter the code ${pairing?.code ?? '(none)'} (valid 15 minutes)`,
      `  operator     ${config.operatorEmail} / ${env.OPERATOR_PASSWORD}`,
    );
  }
  lines.push(`  plugins      ${kernel.plugins.catalog.ids().join(', ') || '(none found in PLUGIN_DIRS)'}`, '');
  process.stdout.write(`${lines.join('\n')}\n`);

  const stop = async (signal: string) => {
    kernel.log.info({ signal }, 'shutting down');
    await kernel.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

await main();
