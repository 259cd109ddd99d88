import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoKernelEnv, startKernelProcess, type KernelProcess } from '@kits/kernel/test-kit';
import { startPrivateRabbitMq } from '../../reliability/test/support/private-rabbitmq.ts';
import { startAppendOnlyRedis } from './append-only-redis.ts';
import { startLoadBalancer, type LoadBalancer } from './haproxy.ts';
import { startPgBouncer, type PgBouncer } from './pgbouncer.ts';
import { startPrimary, startStreamingReplica, type PostgresServer } from './streaming-replica.ts';
import { makeTlsCertificates } from './tls-certificates.ts';

/** The plugins the topology's kernels load: the sales load's, the event log that records each delivery, and reports (read from the replica). */
const PLUGINS = {
  'core-inventory': fileURLToPath(new URL('../../plugins/core-inventory', import.meta.url)),
  'core-sales': fileURLToPath(new URL('../../plugins/core-sales', import.meta.url)),
  reports: fileURLToPath(new URL('../../plugins/reports', import.meta.url)),
  eventlog: fileURLToPath(new URL('../../bench/plugins/eventlog', import.meta.url)),
};

export interface ProductionTopologyOptions {
  /** Kernel processes behind the balancer (default 3). */
  readonly kernels?: number;
  /**
   * Kernels outside the balancer whose DATABASE_URL is the primary itself, not PgBouncer (default
   * 0): what a request costs without the balancer and the pooler, measured beside it.
   */
  readonly directKernels?: number;
  /** DATABASE_POOL_SIZE of each kernel: client connections to PgBouncer (default 10). */
  readonly kernelPoolSize?: number;
  /** Server connections PgBouncer opens to the primary, shared by every kernel (default 20). */
  readonly serverConnections?: number;
  /** The kernels' LOG_LEVEL (default `warn`). */
  readonly logLevel?: string;
}

/** A kernel process of the topology. */
export interface TopologyKernel {
  /** `kernel-1`…: its server's name in the balancer; `direct-1`… for a kernel outside it. */
  readonly name: string;
  /** Its own plain-HTTP address (the balancer's backend). */
  readonly url: string;
  readonly pid: number;
  /** SIGKILL, as a crash. */
  kill(): Promise<void>;
}

export interface ProductionTopology {
  /** The balancer: `https://127.0.0.1:<port>`, TLS 1.3 only. */
  readonly url: string;
  /** The CA (PEM) that signed the balancer's certificate: what a client trusts. */
  readonly caCert: string;
  readonly caCertPath: string;
  readonly kernels: readonly TopologyKernel[];
  readonly directKernels: readonly TopologyKernel[];
  /** The primary, reached directly (the kernels reach it through PgBouncer). */
  readonly primary: Pick<PostgresServer, 'url' | 'port'>;
  /** The streaming replica: the kernels' REPORTING_DATABASE_URL. */
  readonly replica: Pick<PostgresServer, 'url' | 'port'>;
  readonly pgbouncer: Pick<PgBouncer, 'url' | 'adminUrl' | 'port'>;
  readonly balancer: Pick<LoadBalancer, 'adminSocket' | 'serverStates' | 'command'>;
  readonly redisUrl: string;
  readonly amqpUrl: string;
  /** The operator account of every kernel (OPERATOR_EMAIL / OPERATOR_PASSWORD). */
  readonly operator: { readonly email: string; readonly password: string };
  /** Stops everything it started and deletes its folders. */
  stop(): Promise<void>;
}

/** Settles every promise; throws the first failure once all have settled (so what did start can be stopped). */
async function allSettled<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) throw failed.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function topologyKernel(name: string, process: KernelProcess): TopologyKernel {
  return { name, url: process.url, pid: process.child.pid!, kill: () => process.kill() };
}

/**
 * Starts the production topology on this machine: a PostgreSQL primary and its streaming replica,
 * PgBouncer (transaction pooling) in front of the primary, Redis with its append-only file, a
 * RabbitMQ node of its own, `kernels` kernel processes (`npm start`'s entry, the demo tenant seeded)
 * with DATABASE_URL → PgBouncer and REPORTING_DATABASE_URL → the replica, and HAProxy terminating
 * TLS 1.3 with a certificate made for the run, balancing round-robin over the kernels' /readyz.
 * What does not depend on each other starts at once; the first kernel migrates alone, then the others.
 */
export async function startProductionTopology(options: ProductionTopologyOptions = {}): Promise<ProductionTopology> {
  const stops: Array<() => Promise<void>> = [];
  const started = <T extends { destroy(): Promise<void> }>(thing: Promise<T>) =>
    thing.then((value) => {
      stops.unshift(() => value.destroy());
      return value;
    });
  const stop = async () => {
    for (const destroy of stops.splice(0)) await destroy().catch(() => undefined);
  };
  const dir = mkdtempSync(join(tmpdir(), 'kits-topology-'));
  stops.push(async () => rmSync(dir, { recursive: true, force: true }));
  try {
    const pluginDir = join(dir, 'plugins');
    mkdirSync(pluginDir);
    for (const [name, at] of Object.entries(PLUGINS)) symlinkSync(at, join(pluginDir, name), 'dir');

    const primaryAndFollowers = started(startPrimary()).then(async (primary) => {
      const [replica, pgbouncer] = await allSettled<[PostgresServer, PgBouncer]>([
        started(startStreamingReplica(primary)),
        started(startPgBouncer({ primaryPort: primary.port, serverConnections: options.serverConnections ?? 20 })),
      ]);
      return { primary, replica, pgbouncer };
    });
    const [certificates, { primary, replica, pgbouncer }, redis, rabbitmq] = await allSettled([
      makeTlsCertificates(dir),
      primaryAndFollowers,
      started(startAppendOnlyRedis()),
      started(startPrivateRabbitMq()),
    ] as const);

    const base = demoKernelEnv(pgbouncer.url, [pluginDir]);
    const env: Record<string, string> = {
      ...base,
      REPORTING_DATABASE_URL: replica.url,
      REDIS_URL: redis.url,
      AMQP_URL: rabbitmq.url,
      DATABASE_POOL_SIZE: String(options.kernelPoolSize ?? 10),
      // PgBouncer 1.18 in transaction mode does not carry a prepared statement from one transaction's server connection to the next.
      DATABASE_PREPARED_STATEMENTS: 'off',
      LOG_LEVEL: options.logLevel ?? base.LOG_LEVEL!,
    };
    const kernel = (environment: Record<string, string>) =>
      started(startKernelProcess(environment).then((child) => Object.assign(child, { destroy: () => child.stop() })));
    // The first kernel migrates the database and seeds the demo tenant; the others then start together.
    const first = await kernel(env);
    const [rest, direct] = await allSettled([
      allSettled(Array.from({ length: (options.kernels ?? 3) - 1 }, () => kernel(env))),
      allSettled(
        Array.from({ length: options.directKernels ?? 0 }, () =>
          kernel({ ...env, DATABASE_URL: primary.url, DATABASE_PREPARED_STATEMENTS: 'on' }),
        ),
      ),
    ] as const);
    const kernels = [first, ...rest];

    const balancer = await started(
      startLoadBalancer({
        kernelAddresses: kernels.map((k) => `127.0.0.1:${new URL(k.url).port}`),
        serverPemPath: certificates.serverPemPath,
      }),
    );
    return {
      url: balancer.url,
      caCert: certificates.caCert,
      caCertPath: certificates.caCertPath,
      kernels: kernels.map((k, i) => topologyKernel(`kernel-${i + 1}`, k)),
      directKernels: direct.map((k, i) => topologyKernel(`direct-${i + 1}`, k)),
      primary: { url: primary.url, port: primary.port },
      replica: { url: replica.url, port: replica.port },
      pgbouncer: { url: pgbouncer.url, adminUrl: pgbouncer.adminUrl, port: pgbouncer.port },
      balancer,
      redisUrl: redis.url,
      amqpUrl: rabbitmq.url,
      operator: { email: env.OPERATOR_EMAIL!, password: env.OPERATOR_PASSWORD! },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
