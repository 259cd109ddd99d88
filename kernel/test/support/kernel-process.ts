// A kernel in its own process for multi-process tests: configured from the environment, it prints
// one JSON line {"url": …} once listening and closes on SIGTERM.
import { createKernel } from '../../src/kernel.ts';
import { loadConfig } from '../../src/config/config.ts';

const kernel = await createKernel(loadConfig(), {
  ...(process.env.KITS_TEST_EXCHANGE ? { eventExchange: process.env.KITS_TEST_EXCHANGE } : {}),
  ...(process.env.KITS_TEST_PREFIX ? { coordinationPrefix: process.env.KITS_TEST_PREFIX } : {}),
});
const url = await kernel.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
process.once('SIGTERM', () => {
  void kernel.close().then(() => process.exit(0));
});
