// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/** The network could not answer: the till is offline (or the kernel is down). */
export class TillOfflineError extends Error {
  constructor(message = 'The server cannot be reached: this needs the network.') {
    super(message);
    this.name = 'TillOfflineError';
  }
}

/** The kernel's HTTP API as the signed-in cashier. Paths start with `/api/v1/`. */
export interface TillApi {
  /** The JSON answer; throws `TillOfflineError` without network, an Error with the problem's detail on 4xx/5xx. */
  get<Result>(path: string): Promise<Result>;
  /** `headers` adds request headers, e.g. `{ 'kits-approval': approval.token }` for an action a manager approved. */
  post<Result>(path: string, body: unknown, options?: TillRequestOptions): Promise<Result>;
}

export interface TillRequestOptions {
  readonly headers?: Readonly<Record<string, string>>;
}
