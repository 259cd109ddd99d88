import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { haproxyRuntimeCommand } from '../haproxy-runtime.ts';

/** What `npm run --workspace @kits/deploy topology -- --json` prints when the topology is up. */
export interface RunningTopology {
  readonly url: string;
  readonly caCertPath: string;
  readonly kernels: ReadonlyArray<{ readonly name: string; readonly url: string; readonly pid: number }>;
  readonly directKernels: ReadonlyArray<{ readonly name: string; readonly url: string; readonly pid: number }>;
  readonly primaryUrl: string;
  readonly pgbouncerAdminUrl: string;
  readonly balancerAdminSocket: string;
  readonly operator: { readonly email: string; readonly password: string };
}

/**
 * The topology as an operator runs it, in a process of its own (deploy/topology/run-production-topology.ts):
 * the bench reaches it by its addresses only. (Importing it would make @kits/deploy and @kits/bench
 * depend on each other: the deploy test uses this package's sales load.)
 */
export async function runTopology(args: readonly string[]): Promise<{ topology: RunningTopology; caCert: string; stop(): Promise<void> }> {
  const script = fileURLToPath(new URL('../../../deploy/topology/run-production-topology.ts', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, ['--conditions=@kits/source', script, '--json', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const topology = await new Promise<RunningTopology>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as RunningTopology);
    });
    child.once('exit', (code) => reject(new Error(`the topology script exited with ${code} before it was up`)));
  });
  return {
    topology,
    caCert: readFileSync(topology.caCertPath, 'utf8'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** One command to HAProxy's runtime API (its admin socket); answers its output. */
export const balancerCommand = haproxyRuntimeCommand;

/** `show stat` of the kernels' backend: a record per server (and `BACKEND`), by column name. */
export async function backendStats(socketPath: string): Promise<Array<Record<string, string>>> {
  const [header, ...rows] = (await balancerCommand(socketPath, 'show stat')).trim().split('\n');
  const columns = header!.replace(/^# /, '').split(',');
  return rows
    .map((row) => Object.fromEntries(row.split(',').map((cell, i) => [columns[i], cell])))
    .filter((row) => row.pxname === 'kernels');
}
