import { ORIGIN_REFUSED_CLOSE_CODE, type AgentAnswer, type AgentRequest } from './agent-protocol.ts';

/** The part of a WebSocket the client uses: the browser's, or `ws` in tests. */
export interface AgentSocket {
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'error', listener: () => void): void;
}

export type OpenAgentSocket = (url: string) => AgentSocket;

/**
 * Makes the error a failed call rejects with. The page passes its context's `HardwareError`: each
 * app serves its context to plugins as one shared module, so the class must come from there for a
 * plugin's `instanceof` to hold.
 */
export type HardwareFailure = (code: string, message: string) => Error;

export interface HardwareAgentClientOptions {
  readonly fail: HardwareFailure;
  /** What to do when no agent answers at the address, said after “The hardware agent at … does not answer: ”. */
  readonly whenUnreachable: string;
  readonly open?: OpenAgentSocket;
  /** How long a request may wait for its answer (default 20 s). */
  readonly timeoutMs?: number;
}

/** Longer than a device's own 10 s: the device's timeout, with its message, comes first. */
const DEFAULT_ANSWER_TIMEOUT_MS = 20_000;

type Pending = { resolve(result: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> };

/** The agent's own codes as the SDK names them (`hardware.*`); a device's code (`printer.*`, `serial.*`) as it is. */
function hardwareCode(code: string): string {
  if (code === 'agent.invalid_request') return 'hardware.invalid_request';
  return code.startsWith('agent.') ? 'hardware.failed' : code;
}

/** Distributes a request without its id: what the caller asks for. */
export type AgentCall = AgentRequest extends infer Request ? (Request extends AgentRequest ? Omit<Request, 'id'> : never) : never;

/**
 * A page's connection to the local hardware agent (the till's and the office's): opened on the
 * first request, opened again on the next request after it closed. Each request is answered by its
 * id; one the agent does not answer in time, or one in flight when the connection drops, rejects
 * with a message for the person at the screen.
 */
export class HardwareAgentClient {
  readonly url: string;
  readonly #options: HardwareAgentClientOptions;
  readonly #open: OpenAgentSocket;
  readonly #pending = new Map<number, Pending>();
  #socket: AgentSocket | undefined;
  #connected: Promise<AgentSocket> | undefined;
  #nextId = 1;

  constructor(url: string, options: HardwareAgentClientOptions) {
    this.url = url;
    this.#options = options;
    this.#open = options.open ?? ((address) => new WebSocket(address));
  }

  /** Sends one request and resolves with the agent's `result`, or rejects with its error. */
  async request<Result>(call: AgentCall, timeoutMs = this.#options.timeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS): Promise<Result> {
    const socket = await this.#connect();
    const id = this.#nextId++;
    return new Promise<Result>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        reject(
          this.#options.fail(
            'hardware.agent_unreachable',
            `The hardware agent at ${this.url} did not answer within ${Math.round(timeoutMs / 1000)} s: check that it is running, then try again.`,
          ),
        );
      }, timeoutMs);
      this.#pending.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
      socket.send(JSON.stringify({ ...call, id }));
    });
  }

  close(): void {
    this.#socket?.close();
  }

  #unreachable(): Error {
    return this.#options.fail(
      'hardware.agent_unreachable',
      `The hardware agent at ${this.url} does not answer: ${this.#options.whenUnreachable}`,
    );
  }

  #connect(): Promise<AgentSocket> {
    if (this.#connected) return this.#connected;
    this.#connected = new Promise<AgentSocket>((resolve, reject) => {
      let socket: AgentSocket;
      try {
        socket = this.#open(this.url);
      } catch {
        this.#connected = undefined;
        return reject(
          this.#options.fail(
            'hardware.agent_unreachable',
            `"${this.url}" is not a hardware agent address: set one like ws://127.0.0.1:9181 in Settings.`,
          ),
        );
      }
      this.#socket = socket;
      let opened = false;
      socket.addEventListener('open', () => {
        opened = true;
        resolve(socket);
      });
      socket.addEventListener('message', (event) => this.#answer(event.data));
      // A failed connection is reported by 'close', which always follows 'error'.
      socket.addEventListener('error', () => undefined);
      socket.addEventListener('close', ({ code, reason }) => {
        this.#connected = undefined;
        this.#socket = undefined;
        const failure =
          code === ORIGIN_REFUSED_CLOSE_CODE
            ? this.#options.fail('hardware.agent_refused', `The hardware agent at ${this.url} refused this page: ${reason}`)
            : this.#unreachable();
        if (!opened) reject(failure);
        for (const [id, pending] of this.#pending) {
          clearTimeout(pending.timer);
          this.#pending.delete(id);
          pending.reject(failure);
        }
      });
    });
    return this.#connected;
  }

  #answer(data: unknown): void {
    let answer: AgentAnswer;
    try {
      answer = JSON.parse(String(data)) as AgentAnswer;
    } catch {
      return;
    }
    const pending = typeof answer.id === 'number' ? this.#pending.get(answer.id) : undefined;
    if (!pending) return;
    clearTimeout(pending.timer);
    this.#pending.delete(answer.id as number);
    if (answer.ok) pending.resolve(answer.result);
    else pending.reject(this.#options.fail(hardwareCode(answer.error.code), answer.error.message));
  }
}
