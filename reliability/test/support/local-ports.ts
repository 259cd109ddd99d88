import { connect } from 'node:net';

/**
 * Connects to 127.0.0.1:`port`, writes `hello` and resolves with the first bytes answered; rejects
 * when nothing listens, the connection closes unanswered, or within `timeoutMs`.
 */
export function firstReply(port: number, hello: Buffer, timeoutMs = 2_000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (error?: Error, data?: Buffer) => {
      socket.destroy();
      if (error) reject(error);
      else resolve(data!);
    };
    socket.setTimeout(timeoutMs, () => done(new Error(`no answer on port ${port} within ${timeoutMs} ms`)));
    socket.once('connect', () => socket.write(hello));
    socket.once('data', (data) => done(undefined, data));
    socket.once('error', (error) => done(error));
    socket.once('close', () => done(new Error(`port ${port} closed the connection unanswered`)));
  });
}

/** Polls `ready` every 200 ms until it resolves true, or throws after `timeoutMs` naming `what`. */
export async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what} was not ready within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
