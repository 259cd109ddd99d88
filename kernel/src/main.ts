import type { Logger } from 'pino';
import { loadConfig, type KernelConfig } from './config/config.ts';
import type { Kernel } from './kernel.ts';

/** The operator account `npm start` creates on the embedded default when none is configured. */
const EMBEDDED_OPERATOR = { email: 'operator@demo.kits', password: 'demo-operator-pass' } as const;

/**
 * `npm start`: boots the kernel from the environment. With the demo (the embedded default, or
 * KITS_DEMO=1) it creates the demo tenant on first start; last it prints where to go and how to
 * sign in. A kernel that cannot start says why in one line naming what to fix, and exits 1.
 */
async function main(): Promise<void> {
  const env = { ...process.env };
  // On the embedded default an operator account is there to try the operator's API with.
  if (!env.DATABASE_URL && !env.OPERATOR_EMAIL && !env.OPERATOR_PASSWORD) {
    env.OPERATOR_EMAIL = EMBEDDED_OPERATOR.email;
    env.OPERATOR_PASSWORD = EMBEDDED_OPERATOR.password;
  }
  let config: KernelConfig | undefined;
  let log: Logger | undefined;
  let kernel: Kernel | undefined;
  // The environment is checked before the rest of the kernel is even loaded: a wrong value is told at once.
  const { startFailureLine } = await import('./start-failure.ts');
  try {
    config = loadConfig(env);
    const [{ createKernel }, { createLogger }, { seedDemo }, { startBanner }] = await Promise.all([
      import('./kernel.ts'),
      import('./logger.ts'),
      import('./demo.ts'),
      import('./start-banner.ts'),
    ]);
    log = createLogger(config);
    kernel = await createKernel(config, { logger: log });
    const demo = config.demo ? await seedDemo(kernel) : undefined;
    const address = await kernel.listen();
    process.stdout.write(`${await startBanner(kernel, config, address, demo, EMBEDDED_OPERATOR)}\n`);
  } catch (error) {
    log?.debug({ err: error }, 'the kernel could not start');
    process.stderr.write(`KiTS kernel cannot start — ${startFailureLine(error, config)}\n`);
    await kernel?.close().catch(() => undefined);
    process.exit(1);
  }

  const running = kernel;
  const { shutdownDrainSeconds, shutdownTimeoutSeconds } = config;
  let stopping = false;
  // Graceful: readiness fails first and the balancer stops sending (SHUTDOWN_DRAIN_SECONDS), then the
  // listener closes after the requests in flight and the relay round finish; past
  // SHUTDOWN_TIMEOUT_SECONDS the process exits anyway (the outbox keeps what was not relayed).
  const stop = async (signal: string) => {
    if (stopping) {
      running.log.warn({ signal }, 'already shutting down; waiting for requests in flight');
      return;
    }
    stopping = true;
    running.log.info({ signal, drainSeconds: shutdownDrainSeconds }, 'shutting down: draining');
    running.drain();
    setTimeout(() => {
      running.log.error({ timeoutSeconds: shutdownTimeoutSeconds }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, shutdownTimeoutSeconds * 1000).unref();
    await new Promise((resolve) => setTimeout(resolve, shutdownDrainSeconds * 1000));
    await running.close();
    running.log.info('shut down');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
