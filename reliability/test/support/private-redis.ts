import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildServer, type ChildServer } from './child-server.ts';
import { freePort } from '../../../testing/free-port.ts';
import { firstReply } from './local-ports.ts';

/** A Redis server of a test's own: its own port and folder, stopped and started at will (without persistence it starts empty). */
export interface PrivateRedis extends ChildServer {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
}

/** `redis-server` (from PATH) without persistence, as the shared test Redis runs. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kits-redis-'));
  const server = await startChildServer({
    name: `Redis on port ${port}`,
    dir,
    spawn: () =>
      spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--bind',
          '127.0.0.1',
          '--save',
          '',
          '--appendonly',
          'no',
          '--dir',
          dir,
          '--logfile',
          join(dir, 'redis.log'),
        ],
        { stdio: 'ignore' },
      ),
    ready: async () => (await firstReply(port, Buffer.from('PING\r\n'))).toString().startsWith('+PONG'),
    readyWithinMs: 30_000,
  });
  return { url: `redis://127.0.0.1:${port}`, port, ...server };
}
