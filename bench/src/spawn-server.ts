import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ServerProcess<Ready> {
  readonly ready: Ready;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs a server script of bench/src/servers in its own Node process and waits for its JSON ready line. */
export async function spawnServer<Ready extends { url: string }>(
  script: string,
  env: Record<string, string> = {},
): Promise<ServerProcess<Ready>> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@kits/source', path], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise<Ready>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as Ready);
    });
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    ready,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
