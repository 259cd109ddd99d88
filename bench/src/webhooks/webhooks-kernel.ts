// The webhooks bench's kernel, in its own process: core-inventory, core-sales and webhooks on
// PostgreSQL, with the operator's settings that let webhooks reach the bench's receivers on the
// loopback interface (http, 127.0.0.1 named as an on-premises host) and a short delivery time limit
// (BENCH_WEBHOOK_TIMEOUT_MS, default 2000) for the endpoints that never answer. Prints its URL.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';

const plugin = (name: string) => fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
const kit = await createTestKernel({
  plugins: [plugin('core-inventory'), plugin('core-sales'), plugin('webhooks')],
  db: 'postgres',
  env: {
    LOG_LEVEL: 'warn',
    PLUGIN_WEBHOOKS__ALLOW_HTTP: '1',
    PLUGIN_WEBHOOKS__ALLOW_PRIVATE_HOSTS: '127.0.0.1',
    PLUGIN_WEBHOOKS__TIMEOUT_MS: process.env.BENCH_WEBHOOK_TIMEOUT_MS ?? '2000',
  },
});
const url = await kit.kernel.listen();
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.on('SIGTERM', () => void kit.close().then(() => process.exit(0)));
