import { DEFAULT_AGENT_URL } from './agent-protocol.ts';

/**
 * Checks an agent address typed on a settings screen: a ws:// or wss:// URL, or empty for none.
 * Answers it trimmed; throws with what is wrong.
 */
export function checkedAgentAddress(text: string): string {
  const address = text.trim();
  if (address === '') return address;
  let url: URL | undefined;
  try {
    url = new URL(address);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
    throw new Error(`“${address}” is not a hardware agent address: it looks like ${DEFAULT_AGENT_URL}.`);
  }
  return address;
}
