import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A network printer on the loopback interface that keeps every byte it is sent, one job per
 * connection; a connection that only asked `GS I` (the printer's identity) is a question, not a job.
 */
export interface LoopbackPrinter {
  readonly host: string;
  readonly port: number;
  /** The bytes of the next job, once its connection has ended. */
  nextJob(): Promise<Buffer>;
  /** The connections that only asked `GS I`, in order. */
  readonly questions: Buffer[];
  /** How many connections it has accepted. */
  connectionCount(): number;
  close(): Promise<void>;
}

function listening(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function closed(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}

/** What an ESC/POS printer answers `GS I n` (transmit printer ID): n = 67 its model, n = 65 its firmware. */
export interface EscPosIdentity {
  readonly model: string;
  readonly firmware: string;
}

/** Its answer to each `GS I n` in `bytes`, as the ESC/POS reference has it: `_` (5Fh), the text, NUL. */
function identityAnswers(bytes: Buffer, identity: EscPosIdentity): Buffer {
  const answers: Buffer[] = [];
  for (let at = bytes.indexOf('\x1dI', 0, 'latin1'); at >= 0 && at + 2 < bytes.length; at = bytes.indexOf('\x1dI', at + 3, 'latin1')) {
    const text = bytes[at + 2] === 67 ? identity.model : bytes[at + 2] === 65 ? identity.firmware : undefined;
    if (text !== undefined) answers.push(Buffer.from(`_${text}\x00`, 'latin1'));
  }
  return Buffer.concat(answers);
}

/** Whether `bytes` are `GS I n` questions and nothing else. */
const onlyIdentityQuestions = (bytes: Buffer): boolean =>
  bytes.length > 0 &&
  bytes.length % 3 === 0 &&
  [...Array(bytes.length / 3).keys()].every((i) => bytes[i * 3] === 0x1d && bytes[i * 3 + 1] === 0x49);

/** With `identity`, it answers `GS I` as an ESC/POS printer does; without, it answers nothing, as a bare port would. */
export async function startLoopbackPrinter(options: { identity?: EscPosIdentity } = {}): Promise<LoopbackPrinter> {
  let connections = 0;
  const questions: Buffer[] = [];
  const arrivedJobs: Promise<Buffer>[] = [];
  const waiting: ((job: Promise<Buffer>) => void)[] = [];
  const arrived = (job: Promise<Buffer>) => {
    const waiter = waiting.shift();
    if (waiter) waiter(job);
    else arrivedJobs.push(job);
  };
  const server = createServer((socket) => {
    connections += 1;
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const answer = options.identity ? identityAnswers(chunk, options.identity) : Buffer.alloc(0);
      if (answer.length > 0) socket.write(answer);
    });
    let ended = false;
    socket.on('end', () => {
      if (ended) return;
      ended = true;
      const bytes = Buffer.concat(chunks);
      if (onlyIdentityQuestions(bytes)) questions.push(bytes);
      else arrived(Promise.resolve(bytes));
    });
    socket.on('error', (error) => {
      if (ended) return;
      ended = true;
      const failed = Promise.reject(error);
      failed.catch(() => undefined); // a failed connection nobody waits for is not an unhandled rejection
      arrived(failed);
    });
  });
  const port = await listening(server);
  return {
    host: '127.0.0.1',
    port,
    nextJob: () => arrivedJobs.shift() ?? new Promise<Buffer>((resolve, reject) => waiting.push((job) => job.then(resolve, reject))),
    questions,
    connectionCount: () => connections,
    close: () => closed(server),
  };
}

/** A loopback port nothing listens on: a server's, just after it closed. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  const port = await listening(server);
  await closed(server);
  return port;
}

/** A printer that accepts connections and never reads a byte of them: its buffers fill, then writes stall. */
export async function startNeverReadingPrinter(): Promise<{ readonly port: number; close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server = createServer({ pauseOnConnect: true }, (socket) => sockets.push(socket));
  const port = await listening(server);
  return {
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await closed(server);
    },
  };
}

/**
 * A printer that hangs: a listener in a frozen process, its accept queue (backlog 1) filled by
 * other connections, so the kernel drops any further connection attempt and connecting never ends.
 */
export async function startHungPrinter(): Promise<{ readonly port: number; close(): void }> {
  const listener: ChildProcess = spawn(
    process.execPath,
    [
      '-e',
      `const server = require('node:net').createServer();
       server.listen({ host: '127.0.0.1', port: 0, backlog: 1 }, () => {
         process.stdout.write(server.address().port + '\\n');
         Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); // frozen: never accepts
       });`,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    listener.once('error', reject);
    listener.stdout?.once('data', (line: Buffer) => resolve(Number(line.toString().trim())));
  });
  // The queue holds backlog + 1 connections on Linux; four make sure it is full before the printer's turn.
  const fillers = Array.from({ length: 4 }, () => createConnection({ host: '127.0.0.1', port }).on('error', () => undefined));
  await new Promise((resolve) => fillers[0]?.once('connect', resolve));
  return {
    port,
    close() {
      for (const filler of fillers) filler.destroy();
      listener.kill('SIGKILL');
    },
  };
}
