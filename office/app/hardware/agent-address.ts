import { checkedAgentAddress, DEFAULT_AGENT_URL } from '@kits/plugin-sdk/hardware-agent';

/**
 * Where this computer's hardware agent listens, kept in this browser (each office computer has its
 * own agent, like each till): set on Settings → Printers on this computer.
 */
const AGENT_URL_KEY = 'kits.office.hardwareAgentUrl';

/** The agent's address; an empty text means this office computer uses no agent. */
export function hardwareAgentUrl(): string {
  return localStorage.getItem(AGENT_URL_KEY) ?? DEFAULT_AGENT_URL;
}

/** Checks and keeps the agent's address: a ws:// or wss:// URL, or empty for none. Throws with what is wrong. */
export function setHardwareAgentUrl(text: string): string {
  const address = checkedAgentAddress(text);
  localStorage.setItem(AGENT_URL_KEY, address);
  return address;
}
