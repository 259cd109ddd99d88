// A kernel with the benchmark plugin, a tenant and a signed-in admin; prints its URL and a token.
import { fileURLToPath } from 'node:url';
import { createTestKernel } from '@kits/kernel/test-kit';

const kit = await createTestKernel({
  plugins: [fileURLToPath(new URL('../../plugins/ping', import.meta.url))],
  db: process.env.BENCH_DB === 'postgres' ? 'postgres' : 'pglite',
  env: { LOG_LEVEL: 'warn' },
});
const url = await kit.kernel.listen();
process.stdout.write(`${JSON.stringify({ url, token: kit.tenant.admin.token })}\n`);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
