import { HardwareError, type OfficeHardware } from '@kits/plugin-sdk/office';
import { agentHardware, HardwareAgentClient, type AgentHello, type OpenAgentSocket } from '@kits/plugin-sdk/hardware-agent';
import { hardwareAgentUrl } from './agent-address.ts';

/** How long the settings panel's check waits for the agent to say hello. */
const CHECK_TIMEOUT_MS = 3_000;

/** What to run on this computer so that the agent serves this office's pages. */
export const agentCommand = (officeOrigin: string) => `npm run --workspace till hardware-agent -- --allow-origin ${officeOrigin}`;

/** The error class is the office context's own, so a plugin's `instanceof HardwareError` holds. */
const fail = (code: string, message: string) => new HardwareError(code, message);

const whenUnreachable = (officeOrigin: string) =>
  `start it on this computer with --allow-origin ${officeOrigin} (Settings → Printers on this computer shows the command), or check its address there.`;

/**
 * The printers this office computer reaches: through the local hardware agent at the address kept
 * in this browser (asked at each call, so a new address on the settings panel takes effect at once).
 */
export function officeHardware(
  officeOrigin: string = location.origin,
  agentUrl: () => string = hardwareAgentUrl,
  open?: OpenAgentSocket,
): OfficeHardware {
  const agent = agentHardware({
    agentUrl,
    open,
    fail,
    whenNoAddress:
      'This office computer has no hardware agent address, so it reaches no printer: set one on Settings → Printers on this computer.',
    whenUnreachable: whenUnreachable(officeOrigin),
  });
  // Only what the office offers plugins: no serial devices here.
  return { available: agent.available, tcpPrint: agent.tcpPrint, tcpExchange: agent.tcpExchange };
}

/** Whether an agent answers at `url`, and when not, why and what to do (as the settings panel says it). */
export type AgentCheck = { readonly answers: true } | { readonly answers: false; readonly message: string };

export async function checkAgent(url: string, officeOrigin: string = location.origin, open?: OpenAgentSocket): Promise<AgentCheck> {
  const client = new HardwareAgentClient(url, { fail, whenUnreachable: whenUnreachable(officeOrigin), open });
  try {
    const hello = await client.request<AgentHello>({ op: 'hello' }, CHECK_TIMEOUT_MS);
    return hello.agent === 'kits-hardware-agent'
      ? { answers: true }
      : { answers: false, message: `What answers at ${url} is not the KiTS POS hardware agent: check the address.` };
  } catch (error) {
    return { answers: false, message: error instanceof Error ? error.message : String(error) };
  } finally {
    client.close();
  }
}
