import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstReply, freePort, waitUntil } from './local-ports.ts';

/** A Redis server of a test's own: its own port and folder, stopped and started at will. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops the server (SIGTERM: it shuts down, closing every connection). */
  stop(): Promise<void>;
  /** Starts it again on the same port; resolves when it answers PING. Without persistence it starts empty. */
  start(): Promise<void>;
  /** Stops it for good and deletes its folder. */
  destroy(): Promise<void>;
}

/** `redis-server` (from PATH) without persistence, as the shared test Redis runs. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kits-redis-'));
  let child: ChildProcess | undefined;
  const start = async () => {
    const server = spawn(
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
    );
    child = server;
    const exited = new Promise<never>((_, reject) => server.once('exit', (code) => reject(new Error(`redis-server exited with ${code}`))));
    exited.catch(() => undefined);
    await Promise.race([
      waitUntil(
        `Redis on port ${port}`,
        async () => (await firstReply(port, Buffer.from('PING\r\n'))).toString().startsWith('+PONG'),
        30_000,
      ),
      exited,
    ]);
  };
  const stop = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      server.once('exit', () => resolve());
      server.kill('SIGTERM');
    });
  };
  const onExit = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async destroy() {
      process.removeListener('exit', onExit);
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
