import { DEFAULT_AGENT_PORT } from '@kits/plugin-sdk/hardware-agent';
import { startHardwareAgent, type AgentDevices, type HardwareAgent } from '../hardware-agent/agent-server.ts';

/**
 * The shell serves the hardware agent's protocol too, on 127.0.0.1: the back office opened in a
 * browser on the till's computer (labels, a printer's status) reaches the shop's printers through
 * the shell as it would through the standalone agent, with no second program to install. Only pages
 * of the till's own origin are served — the kernel that serves `/till` serves `/office`.
 *
 * KITS_SHELL_AGENT_PORT picks the port (default 9181, the agent's and the office's default), or
 * `off`. A port already taken (the standalone agent runs here) is said and the shell goes on.
 */
export function shellAgentPort(env: Readonly<Record<string, string | undefined>>): number | undefined {
  const text = (env['KITS_SHELL_AGENT_PORT'] ?? String(DEFAULT_AGENT_PORT)).trim();
  if (text === 'off') return undefined;
  const port = Number(text);
  if (text === '' || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`KITS_SHELL_AGENT_PORT must be a port number from 1 to 65535, 0 for any free one, or off; got "${text}"`);
  return port;
}

/** Starts the shell's agent for pages of the till's origin; undefined when it is off or its port is taken (logged). */
export async function startShellAgent(
  tillUrl: URL,
  env: Readonly<Record<string, string | undefined>>,
  devices: AgentDevices,
  log: (line: string) => void,
): Promise<HardwareAgent | undefined> {
  const port = shellAgentPort(env);
  if (port === undefined) return undefined;
  try {
    const agent = await startHardwareAgent({ port, allowedOrigins: [tillUrl.origin], devices, log });
    log(`The back office at ${tillUrl.origin}/office/ on this computer reaches printers through this till on ${agent.url}.`);
    return agent;
  } catch (error) {
    log(
      `The till's hardware agent did not start, so the back office on this computer cannot print through this till: ${(error as Error).message}`,
    );
    return undefined;
  }
}
