import { TillOfflineError } from '@kits/plugin-sdk/till';
import { problemError, type GatewayClient } from './gateway-client.ts';

/**
 * Requests as the paired till itself (`Authorization: Device <key>`), with no cashier signed in:
 * its heartbeat, and — once revoked — the push of what it still holds.
 */
export function deviceKeyClient(baseUrl: string, deviceKey: string, fetchImpl: typeof fetch = fetch): Pick<GatewayClient, 'post'> {
  return {
    async post<Result>(path: string, body: unknown, options?: { readonly headers?: Readonly<Record<string, string>> }): Promise<Result> {
      const response = await fetchImpl(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { ...options?.headers, authorization: `Device ${deviceKey}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).catch((failure: Error) => {
        throw new TillOfflineError(`The server cannot be reached (${failure.message}).`);
      });
      const text = await response.text();
      let parsed: Record<string, unknown> = {};
      try {
        parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        if (response.ok) throw new Error(`The server answered ${path} with something that is not JSON.`);
      }
      if (!response.ok) throw problemError(response.status, response.statusText, parsed);
      return parsed as Result;
    },
  };
}
