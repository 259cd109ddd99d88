import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createConnection } from 'node:net';
import { haproxyRuntimeCommand } from '@kits/bench/haproxy-runtime';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testProgram } from '../../testing/prerequisites/system-packages.ts';
import { freePort } from '../../testing/free-port.ts';
import { startChildServer } from '../../reliability/test/support/child-server.ts';

/** One kernel as the balancer sees it (`show stat`): `UP`, `DOWN`, `MAINT`, or a transition (`UP 1/2`). */
export interface BackendServerState {
  readonly name: string;
  readonly status: string;
}

/** HAProxy terminating TLS 1.3 in front of the kernels. */
export interface LoadBalancer {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** The runtime API's Unix socket (`show stat`, `set server kernels/<name> state maint`). */
  readonly adminSocket: string;
  /** The kernels' servers and their health as the balancer sees them now. */
  serverStates(): Promise<BackendServerState[]>;
  /** Sends one runtime API command (`set server kernels/kernel-2 state maint`) and answers its output. */
  command(line: string): Promise<string>;
  destroy(): Promise<void>;
}

export interface LoadBalancerOptions {
  /** The kernels' `host:port`, named `kernel-1`, `kernel-2`… in this order. */
  readonly kernelAddresses: readonly string[];
  /** The server certificate, its chain and key in one PEM file. */
  readonly serverPemPath: string;
}

/**
 * The balancer's config. TLS 1.3 only (`ssl-min-ver TLSv1.3`: a TLS 1.2 client gets a handshake
 * failure). Round-robin over the kernels, each checked on `GET /readyz` every second (every 500 ms
 * once one fails) and taken out after two failures: a killed kernel refuses the check at once and
 * stops getting requests within about 1.5 s, while a kernel slow under load has 2 s to answer. A request
 * whose connection to a kernel fails, or that gets no answer at all (a kernel killed mid-request),
 * is sent again to another kernel (`retries`, `option redispatch 1`, `retry-on`): every mutating
 * request of the API carries an Idempotency-Key, so a request sent twice is applied once.
 */
export function haproxyConfig(options: LoadBalancerOptions & { readonly port: number; readonly adminSocket: string }): string {
  return [
    'global',
    `  stats socket ${options.adminSocket} mode 600 level admin`,
    '  maxconn 4096',
    '',
    'defaults',
    '  mode http',
    '  option forwardfor',
    '  timeout connect 2s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout http-request 10s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response junk-response',
    '',
    'frontend kits_https',
    `  bind 127.0.0.1:${options.port} ssl crt ${options.serverPemPath} ssl-min-ver TLSv1.3 alpn h2,http/1.1`,
    '  http-request set-header X-Forwarded-Proto https',
    // Which kernel answered (its server name, `kernel-2`): for tracing a request in the kernels' logs.
    '  http-response set-header X-Kits-Kernel %[srv_name]',
    '  default_backend kernels',
    '',
    'backend kernels',
    '  balance roundrobin',
    '  option httpchk',
    '  http-check send meth GET uri /readyz',
    '  http-check expect status 200',
    // A kernel that is gone refuses the check at once (down within about 1.5 s); one that is busy gets 2 s to answer.
    '  timeout check 2s',
    '  default-server check inter 1s fastinter 500ms downinter 1s fall 2 rise 2',
    ...options.kernelAddresses.map((address, i) => `  server kernel-${i + 1} ${address}`),
    '',
  ].join('\n');
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` (a TLS port answers nothing until a client hello). */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.setTimeout(2_000, () => socket.destroy());
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('close', () => resolve(false));
  });
}

/** Starts HAProxy (from PATH, `testProgram`) in the foreground; resolves when its TLS port accepts connections. */
export async function startLoadBalancer(options: LoadBalancerOptions): Promise<LoadBalancer> {
  const program = testProgram('haproxy');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'kits-haproxy-'));
  const adminSocket = join(dir, 'admin.sock');
  writeFileSync(join(dir, 'haproxy.cfg'), haproxyConfig({ ...options, port, adminSocket }));
  const server = await startChildServer({
    name: `HAProxy on port ${port}`,
    dir,
    spawn: () => spawn(program, ['-db', '-f', join(dir, 'haproxy.cfg')], { stdio: 'ignore' }),
    ready: () => accepts(port),
    readyWithinMs: 30_000,
    killAfterMs: 10_000,
  });
  const command = (line: string) => haproxyRuntimeCommand(adminSocket, line);
  return {
    url: `https://127.0.0.1:${port}`,
    port,
    adminSocket,
    command,
    async serverStates() {
      const [header, ...rows] = (await command('show stat')).trim().split('\n');
      const columns = header!.replace(/^# /, '').split(',');
      const [proxy, name, status] = ['pxname', 'svname', 'status'].map((column) => columns.indexOf(column));
      return rows
        .map((row) => row.split(','))
        .filter((cells) => cells[proxy!] === 'kernels' && cells[name!] !== 'BACKEND')
        .map((cells) => ({ name: cells[name!]!, status: cells[status!]! }));
    },
    destroy: () => server.destroy(),
  };
}
