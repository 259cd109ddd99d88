import { createServer, type AddressInfo, type Socket } from 'node:net';

/**
 * Real `~HS` (host status) answers, in the format of Zebra's ZPL II programming guide: three lines,
 * each wrapped in STX…ETX and ended CR LF. Line 1 `aaa,b,c,dddd,eee,f,g,h,iii,j,k,l`: b paper out,
 * c paused, dddd label length in dots, eee formats in the buffer. Line 2 `mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www`:
 * o head up (open), p ribbon out, q thermal transfer, r print mode, t label waiting. Line 3 `xxxx,y`: password, static RAM.
 */
export const HOST_STATUS = {
  ready: '\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,1,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n',
  paused: '\x02030,0,1,1245,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,1,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n',
  headOpen: '\x02030,0,0,1245,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,1,0,1,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n',
  outOfMedia: '\x02030,1,0,1245,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,1,2,4,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n',
} as const;

export type ZebraState = keyof typeof HOST_STATUS;

export const HOST_STATUS_QUERY = Buffer.from('~HS');
export const HOST_IDENTIFICATION_QUERY = Buffer.from('~HI');

/** A real `~HI` (host identification) answer: model, firmware version, dots per mm, memory. */
export const HOST_IDENTIFICATION = '\x02ZD421-203dpi,V84.20.18Z,8,8192KB\x03\r\n';

export interface LoopbackZebra {
  readonly host: string;
  readonly port: number;
  /** `host:port`, as a printer's address is entered. */
  readonly address: string;
  /** What `~HS` answers from now on (one of HOST_STATUS, or any bytes). */
  status: string;
  setState(state: ZebraState): void;
  /** What `~HI` answers (HOST_IDENTIFICATION; null: the printer ignores it, as older firmware does). */
  identification: string | null;
  /** What each connection sent, in order of arrival. */
  readonly received: Buffer[];
  /** The bytes of the next print job (a connection that sent more than `~HS`), once it ended. */
  nextJob(): Promise<Buffer>;
  /** Print jobs received so far. */
  jobCount(): number;
  /** How many connections asked `~HS`. */
  statusQueries(): number;
  close(): Promise<void>;
}

/**
 * A Zebra printer on the loopback interface, port 9100 style: a connection that sends `~HS` is
 * answered `status` (one line per write, as a printer sends them), one that sends `~HI` its
 * `identification`; a connection that sent anything else is a print job, printed silently and
 * handed to `nextJob` when it ends.
 */
export async function startLoopbackZebra(initial: ZebraState | string = 'ready'): Promise<LoopbackZebra> {
  const sockets = new Set<Socket>();
  const jobs: Buffer[] = [];
  const waiting: Array<(job: Buffer) => void> = [];
  let queries = 0;
  let taken = 0;
  const server = createServer((socket) => {
    sockets.add(socket);
    const index = zebra.received.push(Buffer.alloc(0)) - 1;
    let answered = false;
    socket.on('data', (chunk: Buffer) => {
      zebra.received[index] = Buffer.concat([zebra.received[index]!, chunk]);
      if (answered) return;
      if (zebra.received[index]!.includes(HOST_IDENTIFICATION_QUERY)) {
        answered = true;
        if (zebra.identification !== null) socket.write(zebra.identification);
        return;
      }
      if (!zebra.received[index]!.includes(HOST_STATUS_QUERY)) return;
      answered = true;
      queries += 1;
      for (const line of zebra.status.split(/(?<=\r\n)/)) socket.write(line);
    });
    socket.on('error', () => undefined); // a client that hangs up after its answer
    socket.on('close', () => {
      sockets.delete(socket);
      const bytes = zebra.received[index]!;
      if (bytes.length === 0 || ['~HS', '~HI'].includes(bytes.toString('latin1').trim())) return;
      const waiter = waiting.shift();
      if (waiter) waiter(bytes);
      else jobs.push(bytes);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  const zebra: LoopbackZebra = {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    status: initial in HOST_STATUS ? HOST_STATUS[initial as ZebraState] : initial,
    setState(state) {
      zebra.status = HOST_STATUS[state];
    },
    identification: HOST_IDENTIFICATION,
    received: [],
    nextJob() {
      taken += 1;
      const job = jobs.shift();
      return job ? Promise.resolve(job) : new Promise<Buffer>((resolve) => waiting.push(resolve));
    },
    jobCount: () => taken + jobs.length,
    statusQueries: () => queries,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  return zebra;
}

/** A device that takes whatever it is sent and answers with `answer` once, then stays connected (or closes, when told). */
export async function startDeviceAnswering(
  answer: Buffer,
  after: 'stays-open' | 'closes' = 'stays-open',
): Promise<{ readonly host: string; readonly port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (answer.byteLength > 0) socket.write(answer);
      if (after === 'closes') socket.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return {
    host: '127.0.0.1',
    port: (server.address() as AddressInfo).port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The labels a job asks for: each format's `^PQ` copies, in order (`^XA … ^PQn … ^XZ`). */
export function labelCopies(job: Buffer | string): number[] {
  const text = typeof job === 'string' ? job : job.toString('utf8');
  return [...text.matchAll(/\^XA[\s\S]*?\^XZ/g)].map((format) => Number(/\^PQ(\d+)/.exec(format[0])?.[1] ?? 1));
}
