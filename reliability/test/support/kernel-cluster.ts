import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoKernelEnv, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';

/** The plugins the load needs, and the event log plugin that records each event it is handed. */
const PLUGINS = {
  'core-inventory': fileURLToPath(new URL('../../../plugins/core-inventory', import.meta.url)),
  'core-sales': fileURLToPath(new URL('../../../plugins/core-sales', import.meta.url)),
  eventlog: fileURLToPath(new URL('../../../bench/plugins/eventlog', import.meta.url)),
};

export interface ClusterServices {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly amqpUrl: string;
}

/** Kernel processes (`npm start`'s entry) sharing one database, Redis and RabbitMQ, each on its own port. */
export interface KernelCluster {
  readonly operator: { readonly email: string; readonly password: string };
  /** The processes, by index; one killed and not yet restarted is undefined. */
  readonly kernels: ReadonlyArray<KernelProcess | undefined>;
  /** The URLs of the kernels running now: what a load balancer would send to. */
  urls(): string[];
  /** SIGKILL: the process dies mid-whatever, as in a crash. */
  kill(index: number): Promise<void>;
  /** Starts kernel `index` — a killed one again, or one more — with the same environment and secrets, on a new port. */
  start(index: number): Promise<void>;
  /** Stops every kernel (SIGTERM) and drops the plugin folder. */
  stop(): Promise<void>;
}

/**
 * Starts `count` kernel processes on `services` with core-inventory, core-sales and the event log
 * plugin (a folder of links to them, so a start publishes only those). The first starts alone — it
 * migrates the database and seeds the demo tenant — then the others together.
 */
export async function startKernelCluster(count: number, services: ClusterServices): Promise<KernelCluster> {
  const pluginDir = mkdtempSync(join(tmpdir(), 'kits-cluster-plugins-'));
  for (const [name, dir] of Object.entries(PLUGINS)) symlinkSync(dir, join(pluginDir, name), 'dir');
  const env = { ...demoKernelEnv(services.databaseUrl, [pluginDir]), REDIS_URL: services.redisUrl, AMQP_URL: services.amqpUrl };
  const kernels: Array<KernelProcess | undefined> = [];
  const stopAll = async () => {
    await Promise.all(kernels.map((kernel) => kernel?.stop()));
    rmSync(pluginDir, { recursive: true, force: true });
  };
  try {
    kernels.push(await startKernelProcess(env));
    kernels.push(...(await Promise.all(Array.from({ length: count - 1 }, () => startKernelProcess(env)))));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    operator: { email: env.OPERATOR_EMAIL!, password: env.OPERATOR_PASSWORD! },
    kernels,
    urls: () => kernels.filter((kernel): kernel is KernelProcess => kernel !== undefined).map((kernel) => kernel.url),
    async kill(index) {
      const kernel = kernels[index];
      kernels[index] = undefined;
      await kernel?.kill();
    },
    async start(index) {
      kernels[index] ??= await startKernelProcess(env);
    },
    stop: stopAll,
  };
}
