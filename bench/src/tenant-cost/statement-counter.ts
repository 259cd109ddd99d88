import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/** What went through the counter since it started: statements by their first word, and connections. */
export interface StatementCounts {
  /** Statements executed, by their first keyword in lower case (`select`, `insert`, `begin`, …). */
  readonly byVerb: Readonly<Record<string, number>>;
  /** Every statement executed (a simple query holding several counts each). */
  readonly statements: number;
  /** Transactions: each `begin` (or `start transaction`), and each statement run outside one (a transaction of its own). */
  readonly transactions: number;
  /** Of those, the statements that ran outside a `begin` … `commit`. */
  readonly singleStatementTransactions: number;
  /** Connections opened through the counter, and the most open at once. */
  readonly connectionsOpened: number;
  readonly connectionsOpen: number;
  readonly mostConnectionsOpen: number;
}

export interface StatementCounter {
  /** A PostgreSQL URL for `database` that goes through the counter. */
  urlFor(database: string): string;
  counts(): StatementCounts;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSS_REQUEST = 80877104;

const verbOf = (sql: string): string => /^\s*([a-zA-Z]+)/.exec(sql)?.[1]?.toLowerCase() ?? 'other';
const cString = (body: Buffer, from: number): [string, number] => {
  const end = body.indexOf(0, from);
  return [body.toString('utf8', from, end), end + 1];
};

/**
 * A TCP relay in front of PostgreSQL that reads what clients send (the frontend half of the wire
 * protocol) and counts each statement executed: a simple query (`Q`, split on `;`) or an extended
 * query's Execute (`E`), named after the statement its portal was bound to. node-postgres prepares
 * a named statement once per connection (`P`) and then only binds and executes it, so the SQL of a
 * name is kept per connection. The server's answers pass through untouched. Used to count what the
 * kernel asks of the database — per sign-up, per sale, per idle hour — without pg_stat_statements
 * (which needs a server restart to load).
 */
export async function startStatementCounter(target: { host?: string; port?: number; path?: string }): Promise<StatementCounter> {
  const byVerb = new Map<string, number>();
  let singleStatementTransactions = 0;
  let connectionsOpened = 0;
  let connectionsOpen = 0;
  let mostConnectionsOpen = 0;
  const count = (verb: string) => byVerb.set(verb, (byVerb.get(verb) ?? 0) + 1);
  const sockets = new Set<Socket>();

  const relay = (client: Socket) => {
    connectionsOpened += 1;
    connectionsOpen += 1;
    mostConnectionsOpen = Math.max(mostConnectionsOpen, connectionsOpen);
    const server = target.path ? connect(target.path) : connect(target.port ?? 5432, target.host ?? '127.0.0.1');
    sockets.add(client).add(server);
    // Per connection: the SQL of each prepared statement by name, and of each bound portal.
    const statements = new Map<string, string>();
    const portals = new Map<string, string>();
    let pending: Buffer = Buffer.alloc(0);
    let startup = true;
    // Whether the connection is inside a transaction block: a statement outside one is a transaction of its own.
    let inBlock = false;
    const executed = (sql: string) => {
      const verb = verbOf(sql);
      count(verb);
      if (verb === 'begin' || verb === 'start') inBlock = true;
      else if (verb === 'commit' || verb === 'rollback' || verb === 'end' || verb === 'abort') inBlock = false;
      else if (!inBlock) singleStatementTransactions += 1;
    };
    const read = (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      for (;;) {
        if (startup) {
          // Startup, SSL and GSS requests carry no type byte: a length, then a code.
          if (pending.length < 8) return;
          const length = pending.readInt32BE(0);
          if (pending.length < length) return;
          const code = pending.readInt32BE(4);
          startup = code === SSL_REQUEST || code === GSS_REQUEST;
          pending = pending.subarray(length);
          continue;
        }
        if (pending.length < 5) return;
        const type = String.fromCharCode(pending[0]!);
        const length = pending.readInt32BE(1);
        if (pending.length < 1 + length) return;
        const body = pending.subarray(5, 1 + length);
        pending = pending.subarray(1 + length);
        if (type === 'Q') {
          for (const part of cString(body, 0)[0].split(';')) if (part.trim()) executed(part);
        } else if (type === 'P') {
          const [name, next] = cString(body, 0);
          statements.set(name, cString(body, next)[0]);
        } else if (type === 'B') {
          const [portal, next] = cString(body, 0);
          portals.set(portal, statements.get(cString(body, next)[0]) ?? '');
        } else if (type === 'E') {
          executed(portals.get(cString(body, 0)[0]) ?? '');
        }
      }
    };
    client.on('data', (chunk: Buffer) => {
      read(chunk);
      server.write(chunk);
    });
    server.on('data', (chunk: Buffer) => client.write(chunk));
    const closed = () => {
      if (!sockets.has(client)) return;
      sockets.delete(client);
      sockets.delete(server);
      connectionsOpen -= 1;
      client.destroy();
      server.destroy();
    };
    for (const socket of [client, server]) {
      socket.on('close', closed);
      socket.on('error', closed);
    }
  };

  const listener: Server = createServer(relay);
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  const { port } = listener.address() as AddressInfo;
  return {
    urlFor: (database) => `postgres://postgres@127.0.0.1:${port}/${database}`,
    counts() {
      const verbs = Object.fromEntries([...byVerb].sort((a, b) => b[1] - a[1]));
      return {
        byVerb: verbs,
        statements: [...byVerb.values()].reduce((a, b) => a + b, 0),
        transactions: (byVerb.get('begin') ?? 0) + (byVerb.get('start') ?? 0) + singleStatementTransactions,
        singleStatementTransactions,
        connectionsOpened,
        connectionsOpen,
        mostConnectionsOpen,
      };
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        listener.close(() => resolve());
      }),
  };
}
