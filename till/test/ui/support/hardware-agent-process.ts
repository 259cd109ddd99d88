import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const AGENT_MAIN = fileURLToPath(new URL('../../../hardware-agent/main.ts', import.meta.url));

export interface AgentProcess {
  readonly url: string;
  readonly process: ChildProcess;
}

/**
 * The hardware agent as a shop runs it (its own process, `--allow-origin` the till's or office's address), on a
 * free port; `env` replaces its environment (e.g. a PATH without udevadm, as on a minimal kiosk).
 */
export async function startAgentProcess(allowOrigin: string, env: NodeJS.ProcessEnv = process.env): Promise<AgentProcess> {
  // From source, as `npm run --workspace till hardware-agent` runs it (the SDK it imports needs no build).
  const agent = spawn(process.execPath, ['--conditions=@kits/source', AGENT_MAIN, '--port', '0', '--allow-origin', allowOrigin], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    agent.once('error', reject);
    agent.once('exit', (code) => reject(new Error(`the hardware agent exited (${code}): ${output}`)));
    agent.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const started = /on (ws:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (started) resolve(started[1]!);
    });
  });
  return { url, process: agent };
}
