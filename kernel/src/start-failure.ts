import { ConfigError } from './config/config-error.ts';
import type { KernelConfig } from './config/config.ts';
import { isDatabaseUnavailable } from './db/database-errors.ts';
import { DemoSetupError } from './demo-setup-error.ts';

/** A URL as a person may read it in a log: without its password. */
export const withoutPassword = (url: string): string => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

const firstLine = (text: string): string => text.split('\n')[0]!.trim();

// PostgreSQL's answers to a connection it refuses: the server is there, the URL is wrong.
const REFUSED_CONNECTION: Record<string, string> = {
  '3D000': 'that database does not exist: create it (createdb) or name another in DATABASE_URL',
  '28P01': 'the password was refused: fix the user or password in DATABASE_URL',
  '28000': 'that user may not connect: fix the user in DATABASE_URL or pg_hba.conf',
};

/**
 * What to tell the person who started the kernel when it could not start: one line naming the
 * variable to fix, and how — never a stack trace. `config` is undefined when it was not read yet.
 */
export function startFailureLine(error: unknown, config: KernelConfig | undefined): string {
  if (error instanceof ConfigError) return error.message;
  const failure = error as NodeJS.ErrnoException & { syscall?: string; address?: string; port?: number };
  if (config && failure.syscall === 'listen') {
    const at = `${config.host}:${config.port}`;
    if (failure.code === 'EADDRINUSE')
      return `PORT: ${at} is in use by another program: stop it, or set PORT to a free port (PORT=0 picks one)`;
    if (failure.code === 'EACCES') return `PORT: ${config.port} needs privileges this user lacks: choose a port above 1023`;
    if (failure.code === 'EADDRNOTAVAIL' || failure.code === 'ENOTFOUND') {
      return `HOST: ${config.host} is not an address of this machine: use one of its addresses (127.0.0.1 for this machine only, 0.0.0.0 for every interface)`;
    }
  }
  if (config?.databaseUrl) {
    const where = withoutPassword(config.databaseUrl);
    const refused = REFUSED_CONNECTION[String(failure.code)];
    if (refused) return `DATABASE_URL: PostgreSQL at ${where} refused the connection (${firstLine(failure.message)}): ${refused}`;
    if (isDatabaseUnavailable(error)) {
      return `DATABASE_URL: no PostgreSQL answered at ${where} within DATABASE_WAIT_SECONDS (${config.databaseWaitSeconds} s; ${firstLine(failure.message)}): start PostgreSQL, or fix DATABASE_URL`;
    }
  }
  if (error instanceof DemoSetupError && error.code === 'plugins.change_unavailable' && config?.redisUrl) {
    return `REDIS_URL: no Redis answers at ${withoutPassword(config.redisUrl)}, so plugins cannot be enabled for the demo tenant: start Redis, fix REDIS_URL, or unset it to coordinate in process`;
  }
  const message = error instanceof Error ? firstLine(error.message) : String(error);
  return `${message} (LOG_LEVEL=debug logs the stack)`;
}
