import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server.ts';
import { freePort } from '../../../testing/free-port.ts';
import { firstReply } from './local-ports.ts';

const SERVER = process.env.TEST_RABBITMQ_SERVER ?? '/usr/lib/rabbitmq/bin/rabbitmq-server';
/** The AMQP 0-9-1 protocol header: a broker that is up answers it with connection.start. */
const AMQP_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** A RabbitMQ node of a test's own: its own name, ports and folders, stopped and started at will. */
export interface PrivateRabbitMq extends ChildServer {
  /** `amqp://guest:guest@127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly nodeName: string;
}

/**
 * A second node beside the shared broker (RABBITMQ_NODENAME `kits-test-<port>@localhost`, its own
 * AMQP and distribution ports, mnesia and log folders, a config of its own so the system one's
 * listener on 5672 is not taken). The Erlang VM runs in the foreground as this process's child
 * (RUNNING_UNDER_SYSTEMD skips the wrapper shell), so stopping it is a signal.
 */
export async function startPrivateRabbitMq(): Promise<PrivateRabbitMq> {
  const [port, distPort] = [await freePort(), await freePort()];
  const nodeName = `kits-test-${port}@localhost`;
  const dir = mkdtempSync(join(tmpdir(), 'kits-rabbitmq-'));
  writeFileSync(join(dir, 'rabbitmq.conf'), `listeners.tcp.1 = 127.0.0.1:${port}\nloopback_users = none\n`);
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const env = {
    ...process.env,
    HOME: dir, // the Erlang cookie is made here
    RABBITMQ_NODENAME: nodeName,
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(distPort),
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_CONF_ENV_FILE: join(dir, 'rabbitmq-env.conf'), // none: the system one names the shared node
    RABBITMQ_PID_FILE: join(dir, 'rabbitmq.pid'),
    RUNNING_UNDER_SYSTEMD: '1',
  };
  const server = await startChildServer({
    name: `RabbitMQ node ${nodeName}`,
    dir,
    spawn: () => spawn(SERVER, [], { env, stdio: 'ignore' }),
    ready: async () => (await firstReply(port, AMQP_HEADER))[0] === 1,
    readyWithinMs: 120_000,
    killAfterMs: 60_000,
  });
  return { url: `amqp://guest:guest@127.0.0.1:${port}`, port, nodeName, ...server };
}
