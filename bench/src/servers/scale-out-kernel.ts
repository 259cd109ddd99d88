// One of the scale-out bench's kernel processes: configured from the environment (DATABASE_URL,
// REDIS_URL, AMQP_URL, JWT_SECRET shared by all), with the first-party plugins and the event log
// plugin, on a RabbitMQ exchange and Redis key prefix of the bench's own (SCALE_EXCHANGE,
// SCALE_PREFIX) so other kernels on the same brokers never see its events. Prints {"url"} when listening.
import { fileURLToPath } from 'node:url';
import { createKernel, loadConfig, readPluginPackage, type PluginPackage } from '@kits/kernel';
import { pino } from 'pino';

const pluginAt = (path: string): PluginPackage => readPluginPackage(fileURLToPath(new URL(path, import.meta.url)))!;
const config = loadConfig();
// Logs to stderr: stdout carries the ready line the bench waits for.
const logger = pino({ level: config.logLevel, base: { service: 'kits-kernel', pid: process.pid } }, pino.destination(2));
const kernel = await createKernel(config, {
  logger,
  plugins: [pluginAt('../../../plugins/core-inventory'), pluginAt('../../../plugins/core-sales'), pluginAt('../../plugins/eventlog')],
  eventExchange: process.env.SCALE_EXCHANGE!,
  coordinationPrefix: process.env.SCALE_PREFIX!,
});
const url = await kernel.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid })}\n`);
process.once('SIGTERM', () => void kernel.close().then(() => process.exit(0)));
