import { mkdirSync, readdirSync } from 'node:fs';
import amqp from 'amqplib';
import { Redis } from 'ioredis';
import pg from 'pg';
import { findCommand, lastLine, runCommand } from './commands.ts';

/** A service the tests talk to: where it is, how to ask it whether it answers, and how to start it here. */
export interface TestService {
  readonly name: string;
  /** The Debian package that installs it. */
  readonly debianPackage: string;
  readonly variable: string;
  readonly url: string;
  /** Resolves when the service answers at `url`; rejects with why not. */
  answers(url: string): Promise<void>;
  /** The command that starts it on this machine (`undefined` when it cannot be found), and how long it may take to answer. */
  startCommand(): { readonly program: string | undefined; readonly args: readonly string[]; readonly shown: string };
  readonly startSeconds: number;
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

async function postgresAnswers(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function redisAnswers(url: string): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3_000 });
  // ioredis rejects with "Connection is closed."; the socket's own error says why.
  let failure: Error | undefined;
  redis.on('error', (error: Error) => (failure ??= error));
  try {
    await redis.connect().catch((error: unknown) => {
      throw failure ?? error;
    });
    await redis.ping();
  } finally {
    redis.disconnect();
  }
}

async function rabbitAnswers(url: string): Promise<void> {
  const connection = await amqp.connect(url, { timeout: 3_000 });
  await connection.close();
}

/** The first PostgreSQL cluster Debian's postgresql-common knows (`/etc/postgresql/<version>`). */
function postgresVersion(): string {
  try {
    return readdirSync('/etc/postgresql').sort().at(-1) ?? '15';
  } catch {
    return '15';
  }
}

export function testServices(env: NodeJS.ProcessEnv = process.env): TestService[] {
  return [
    {
      name: 'PostgreSQL',
      debianPackage: 'postgresql',
      variable: 'TEST_POSTGRES_URL',
      url: env.TEST_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres',
      answers: postgresAnswers,
      startCommand: () => {
        const args = ['--skip-systemctl-redirect', postgresVersion(), 'main', 'start'];
        return { program: findCommand('pg_ctlcluster'), args, shown: `pg_ctlcluster ${args.join(' ')}` };
      },
      startSeconds: 60,
    },
    {
      name: 'Redis',
      debianPackage: 'redis-server',
      variable: 'TEST_REDIS_URL',
      url: env.TEST_REDIS_URL || 'redis://127.0.0.1:6379',
      answers: redisAnswers,
      startCommand: () => {
        const port = new URL(env.TEST_REDIS_URL || 'redis://127.0.0.1:6379').port || '6379';
        const args = ['--daemonize', 'yes', '--bind', '127.0.0.1', '-::1', '--port', port, '--save', '', '--appendonly', 'no'];
        args.push('--dir', '/var/lib/redis', '--logfile', '/var/log/redis/kits-tests.log');
        return { program: findCommand('redis-server'), args, shown: `redis-server --daemonize yes --port ${port}` };
      },
      startSeconds: 30,
    },
    {
      name: 'RabbitMQ',
      debianPackage: 'rabbitmq-server',
      variable: 'TEST_AMQP_URL',
      url: env.TEST_AMQP_URL || 'amqp://guest:guest@127.0.0.1:5672',
      answers: rabbitAnswers,
      startCommand: () => ({ program: findCommand('rabbitmq-server'), args: ['-detached'], shown: 'rabbitmq-server -detached' }),
      startSeconds: 120,
    },
  ];
}

const reason = (error: unknown): string => (error instanceof Error ? error.message || error.name : String(error)).split('\n')[0]!;

/** The URL without its password, for lines a person reads. */
const shown = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function answersWithin(service: TestService, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  do {
    if (
      await service.answers(service.url).then(
        () => true,
        () => false,
      )
    )
      return true;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  } while (Date.now() < deadline);
  return false;
}

/**
 * Makes sure the service answers at its URL: when it does not and the URL is on this machine, it is
 * started with this machine's command and waited for. Answers undefined when it answers, else one
 * line naming it, its URL and what to do.
 */
export async function ensureService(service: TestService): Promise<string | undefined> {
  const first = await service.answers(service.url).then(() => undefined, reason);
  if (first === undefined) return undefined;
  const where = `${service.name} does not answer at ${shown(service.url)} (${first})`;
  const elsewhere = `or set ${service.variable} to a ${service.name} that runs`;
  if (!LOCAL_HOSTS.has(new URL(service.url).hostname)) return `${where}: start it there, ${elsewhere}`;
  const start = service.startCommand();
  if (!start.program) {
    const install = `sudo apt-get install -y ${service.debianPackage}`;
    return `${where} and cannot be started here (${start.shown.split(' ')[0]} is not on PATH): install it with \`${install}\` and start it with \`${start.shown}\`, ${elsewhere}`;
  }
  process.stdout.write(`prerequisites: starting ${service.name} (${start.shown})\n`);
  if (service.name === 'Redis') for (const dir of ['/var/lib/redis', '/var/log/redis']) mkdirSync(dir, { recursive: true });
  const started = await runCommand(start.program, start.args, { timeoutMs: service.startSeconds * 1000 });
  if (await answersWithin(service, started.ok ? service.startSeconds : 1)) return undefined;
  const said = lastLine(started.output);
  return `${where}, and \`${start.shown}\` did not bring it up within ${service.startSeconds} s${said ? ` (${said})` : ''}: start it by hand, ${elsewhere}`;
}
