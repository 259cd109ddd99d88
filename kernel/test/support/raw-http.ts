import { connect, type Socket } from 'node:net';

/** One HTTP/1.1 answer read off a raw socket. */
export interface RawAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * An HTTP/1.1 connection driven by hand (node:net): what is written is exactly what the server
 * gets — a body in one write or in many, chunked or not, more than was declared — and every
 * answer, the socket's end and any error (a reset, EPIPE) are recorded as they happen.
 */
export class RawConnection {
  readonly socket: Socket;
  /** Errors the socket raised (ECONNRESET, EPIPE): none is expected. */
  readonly errors: Error[] = [];
  /** Whether the server ended the connection (FIN). */
  ended = false;
  readonly #answers: RawAnswer[] = [];
  #buffer = Buffer.alloc(0);
  #waiters: Array<() => void> = [];

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#parse();
      this.#wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.#wake();
    });
    socket.on('error', (error) => {
      this.errors.push(error);
      this.#wake();
    });
    socket.on('close', () => this.#wake());
  }

  static open(baseUrl: string): Promise<RawConnection> {
    const { hostname, port } = new URL(baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: hostname, port: Number(port) }, () => resolve(new RawConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes `data`, waiting while the socket's buffer is full; false when the socket can no longer be written. */
  async write(data: string | Buffer): Promise<boolean> {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    if (this.socket.write(data)) return true;
    await new Promise<void>((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
    return !this.socket.destroyed;
  }

  /** The next answer; fails when the connection ends or breaks first. */
  async answer(timeoutMs = 10_000): Promise<RawAnswer> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const next = this.#answers.shift();
      if (next) return next;
      if (this.errors.length > 0) throw new Error(`the connection broke before an answer: ${this.errors.map((e) => e.message).join('; ')}`);
      if (this.ended || this.socket.destroyed) throw new Error('the connection was closed before an answer');
      if (Date.now() > deadline) throw new Error('no answer in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Whether the server closed the connection (FIN or reset) within `timeoutMs`. */
  async closedByServer(timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.ended && !this.socket.destroyed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.ended || this.socket.destroyed;
  }

  close(): void {
    this.socket.destroy();
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }

  /** Cuts complete answers (the kernel's all carry Content-Length) off the front of the buffer. */
  #parse(): void {
    for (;;) {
      const headEnd = this.#buffer.indexOf('\r\n\r\n');
      if (headEnd < 0) return;
      const [statusLine, ...lines] = this.#buffer.subarray(0, headEnd).toString('latin1').split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(':');
        headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
      }
      const length = Number(headers['content-length'] ?? 0);
      if (this.#buffer.length < headEnd + 4 + length) return;
      const body = this.#buffer.subarray(headEnd + 4, headEnd + 4 + length).toString('utf8');
      this.#buffer = this.#buffer.subarray(headEnd + 4 + length);
      this.#answers.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
    }
  }
}

/** The head of a request (ends with the blank line). */
export function requestHead(method: string, path: string, headers: Readonly<Record<string, string | number>>): string {
  const lines = Object.entries({ host: 'localhost', ...headers }).map(([name, value]) => `${name}: ${value}`);
  return `${method} ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`;
}

/** `body` in transfer-encoding chunks of `size` bytes, with the last (empty) chunk. */
export function chunked(body: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < body.length; offset += size) {
    const part = body.subarray(offset, offset + size);
    chunks.push(Buffer.concat([Buffer.from(`${part.length.toString(16)}\r\n`), part, Buffer.from('\r\n')]));
  }
  chunks.push(Buffer.from('0\r\n\r\n'));
  return chunks;
}
