// `npm run --workspace @kits/deploy topology [-- --kernels 3 --direct-kernels 0 --json]`: starts the
// production topology on this machine (start-production-topology.ts), prints where everything is,
// and keeps it running until Ctrl-C (SIGINT) or SIGTERM, then stops it all and deletes its folders.
// With --json it prints one line of JSON instead (for programs that drive it: the bench).
import { parseArgs } from 'node:util';
import { startProductionTopology, type ProductionTopology } from './start-production-topology.ts';

const { values } = parseArgs({
  options: {
    kernels: { type: 'string', default: '3' },
    'direct-kernels': { type: 'string', default: '0' },
    json: { type: 'boolean', default: false },
  },
});
const count = (name: string, raw: string, min: number) => {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > 16) {
    process.stderr.write(`--${name} ${raw}: give a whole number from ${min} to 16\n`);
    process.exit(2);
  }
  return value;
};
const kernels = count('kernels', values.kernels, 1);
const directKernels = count('direct-kernels', values['direct-kernels'], 0);

function summary(topology: ProductionTopology): string {
  const kernel = (k: ProductionTopology['kernels'][number]) => `    ${k.name.padEnd(9)} ${k.url}  (pid ${k.pid})`;
  return [
    `KiTS production topology is running at ${topology.url}  (TLS 1.3 only)`,
    ``,
    `  trust its CA:   ${topology.caCertPath}`,
    `  try:            curl --cacert ${topology.caCertPath} ${topology.url}/readyz`,
    `  operator:       ${topology.operator.email} / ${topology.operator.password}`,
    `  demo tenant:    demo — admin@demo.kits / demo-admin-pass`,
    `  kernels behind HAProxy (DATABASE_URL → PgBouncer, REPORTING_DATABASE_URL → replica):`,
    ...topology.kernels.map(kernel),
    ...(topology.directKernels.length > 0
      ? ['  kernels outside it (DATABASE_URL → the primary):', ...topology.directKernels.map(kernel)]
      : []),
    `  PgBouncer:      ${topology.pgbouncer.url}  (pool_mode = transaction; admin console ${topology.pgbouncer.adminUrl})`,
    `  primary:        ${topology.primary.url}`,
    `  replica:        ${topology.replica.url}  (streaming, hot standby)`,
    `  Redis:          ${topology.redisUrl}  (appendonly yes)`,
    `  RabbitMQ:       ${topology.amqpUrl}`,
    `  HAProxy admin:  ${topology.balancer.adminSocket}  (echo "show stat" | socat stdio ${topology.balancer.adminSocket})`,
    ``,
    `Ctrl-C stops everything.`,
  ].join('\n');
}

const topology = await startProductionTopology({ kernels, directKernels, logLevel: process.env.LOG_LEVEL });
const kernelOf = ({ name, url, pid }: ProductionTopology['kernels'][number]) => ({ name, url, pid });
process.stdout.write(
  values.json
    ? `${JSON.stringify({
        url: topology.url,
        caCertPath: topology.caCertPath,
        kernels: topology.kernels.map(kernelOf),
        directKernels: topology.directKernels.map(kernelOf),
        primaryUrl: topology.primary.url,
        replicaUrl: topology.replica.url,
        pgbouncerUrl: topology.pgbouncer.url,
        pgbouncerAdminUrl: topology.pgbouncer.adminUrl,
        balancerAdminSocket: topology.balancer.adminSocket,
        operator: topology.operator,
      })}\n`
    : `${summary(topology)}\n`,
);
const stop = async () => {
  await topology.stop();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
