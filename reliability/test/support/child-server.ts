import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { waitUntil } from './local-ports.ts';

/** A server run as this process's child, with a folder of its own: started, stopped and started again at will. */
export interface ChildServer {
  /** Stops the server (SIGTERM: its own orderly shutdown; SIGKILL after `killAfterMs`). */
  stop(): Promise<void>;
  /** Starts it (again); resolves when `ready` holds, rejects if it exits first. */
  start(): Promise<void>;
  /** Stops it for good and deletes its folder. */
  destroy(): Promise<void>;
}

export interface ChildServerOptions {
  /** For messages: `Redis on port 6380`. */
  readonly name: string;
  /** The server's folder: deleted by destroy(), or when this process exits first. */
  readonly dir: string;
  readonly spawn: () => ChildProcess;
  /** Whether the server answers yet. */
  readonly ready: () => Promise<boolean>;
  readonly readyWithinMs: number;
  readonly killAfterMs?: number;
}

/** Runs `spawn` as a child server; a crashed test run still kills it and drops its folder on the way out. */
export async function startChildServer(options: ChildServerOptions): Promise<ChildServer> {
  let child: ChildProcess | undefined;
  const start = async () => {
    const server = options.spawn();
    child = server;
    const exited = new Promise<never>((_, reject) =>
      server.once('exit', (code) => reject(new Error(`${options.name} exited with ${code}; see ${options.dir}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitUntil(options.name, options.ready, options.readyWithinMs), exited]);
  };
  const stop = async () => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const hard = options.killAfterMs === undefined ? undefined : setTimeout(() => server.kill('SIGKILL'), options.killAfterMs);
      server.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      server.kill('SIGTERM');
    });
  };
  const onExit = () => {
    child?.kill('SIGKILL');
    rmSync(options.dir, { recursive: true, force: true });
  };
  process.once('exit', onExit);
  await start();
  return {
    stop,
    start,
    async destroy() {
      process.removeListener('exit', onExit);
      await stop();
      rmSync(options.dir, { recursive: true, force: true });
    },
  };
}
