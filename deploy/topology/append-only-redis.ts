import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../testing/free-port.ts';
import { startChildServer } from '../../reliability/test/support/child-server.ts';
import { firstReply } from '../../reliability/test/support/local-ports.ts';

/** The topology's Redis: idempotency keys, rate limits and locks, written to an append-only file. */
export interface AppendOnlyRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  destroy(): Promise<void>;
}

/**
 * `redis-server` (from PATH) with `appendonly yes` and `appendfsync everysec`, as docs/operations.md
 * asks of production: an idempotency key Redis answered survives a Redis restart (at most the last
 * second of writes is lost in a crash of the machine, not of Redis).
 */
export async function startAppendOnlyRedis(): Promise<AppendOnlyRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kits-redis-aof-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'everysec'];
  const server = await startChildServer({
    name: `Redis on port ${port}`,
    dir,
    spawn: () => spawn('redis-server', [...args, '--dir', dir, '--logfile', join(dir, 'redis.log')], { stdio: 'ignore' }),
    ready: async () => (await firstReply(port, Buffer.from('PING\r\n'))).toString().startsWith('+PONG'),
    readyWithinMs: 30_000,
  });
  return { url: `redis://127.0.0.1:${port}`, port, destroy: () => server.destroy() };
}
