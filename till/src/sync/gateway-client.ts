/** How the till reaches the kernel: its base URL and the signed-in device's access token. */
export interface GatewayClient {
  post<Body>(path: string, body: unknown): Promise<Body>;
  /** The live stream's WebSocket URL and the subprotocols that carry the token. */
  liveSocket(): { url: string; protocols: string[] };
}

export class GatewayError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  constructor(status: number, code: string | undefined, message: string) {
    super(message);
    this.name = 'GatewayError';
    this.status = status;
    this.code = code;
  }
}

export function gatewayClient(baseUrl: string, token: () => string, fetchImpl: typeof fetch = fetch): GatewayClient {
  return {
    async post<Body>(path: string, body: unknown): Promise<Body> {
      const response = await fetchImpl(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token()}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      const text = await response.text();
      const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      if (!response.ok)
        throw new GatewayError(response.status, parsed.code as string | undefined, String(parsed.detail ?? response.statusText));
      return parsed as Body;
    },
    liveSocket() {
      return { url: `${baseUrl.replace(/^http/, 'ws')}/api/v1/sync/live`, protocols: ['kits.sync.v1', `bearer.${token()}`] };
    },
  };
}
