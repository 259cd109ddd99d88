// The reports bench's kernel: core-inventory, core-sales and reports on the bench's own PostgreSQL
// database (DATABASE_URL, kept between runs: its shops and their generated history are set up by
// bench/src/reports/, not here). Signing and settings keys come from the environment and stay the
// same from run to run, so the settings stored by an earlier run still decrypt. BENCH_REPORTS_PLUGIN
// names another folder of the reports package (a build with a change not yet landed, to measure
// it). Prints its URL and pid when listening.
import { fileURLToPath } from 'node:url';
import { createKernel, loadConfig, readPluginPackage, type PluginPackage } from '@kits/kernel';
import { pino } from 'pino';

const pluginAt = (name: string): PluginPackage => {
  const folder =
    (name === 'reports' && process.env.BENCH_REPORTS_PLUGIN) || fileURLToPath(new URL(`../../../plugins/${name}`, import.meta.url));
  const found = readPluginPackage(folder);
  if (!found) throw new Error(`${folder} is not a plugin package`);
  return found;
};
const config = loadConfig({ ...process.env, DATA_DIR: 'memory://', PLUGIN_DIRS: '', PORT: '0' });
// Logs to stderr: stdout carries the ready line the bench waits for.
const logger = pino({ level: config.logLevel, base: { service: 'kits-kernel', pid: process.pid } }, pino.destination(2));
const kernel = await createKernel(config, { logger, plugins: [pluginAt('core-inventory'), pluginAt('core-sales'), pluginAt('reports')] });
const url = await kernel.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
process.once('SIGTERM', () => void kernel.close().then(() => process.exit(0)));
