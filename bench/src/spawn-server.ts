import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { BENCH_POSTGRES_URL } from './postgres-url.ts';

export interface ServerProcess<Ready> {
  readonly ready: Ready;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Runs a server script of bench/src/servers in its own Node process and waits for its JSON ready
 * line; its test kernels use BENCH_POSTGRES_URL. With BENCH_CPU_PROFILE_DIR set, the server writes a V8 CPU profile there when it stops.
 */
export async function spawnServer<Ready extends { url: string }>(
  script: string,
  env: Record<string, string> = {},
): Promise<ServerProcess<Ready>> {
  const path = fileURLToPath(new URL(`./servers/${script}`, import.meta.url));
  // A .cpuprofile opens in Chrome's DevTools (Performance): where the server's time goes under load.
  const profile = process.env.BENCH_CPU_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, ['--conditions=@kits/source', ...profile, path], {
    env: { ...process.env, TEST_POSTGRES_URL: BENCH_POSTGRES_URL, ...env },
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
