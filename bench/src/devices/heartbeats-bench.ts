// Issue 25's bench: heartbeats of 5,000 tills every 30 s against a kernel on PostgreSQL (spawned, as
// the other benches do): the kernel's CPU they cost — process CPU seconds per second, and per
// heartbeat. Each till beats once every 30 s at its own offset (one every 6 ms overall), with its
// device key, carrying what a till reports (version, last sync, events waiting, database size, a
// printer). The kernel's idle CPU is measured first and taken off. Every heartbeat must answer 200.
import { readFileSync } from 'node:fs';
import { record } from '../results.ts';
import { spawnServer } from '../spawn-server.ts';
import { TENANTS, tillKey, TILLS } from './till-keys.ts';

const PERIOD_MS = 30_000;
const MEASURED_S = Number(process.env.BENCH_DEVICES_SECONDS ?? 60);
const IDLE_MS = Number(process.env.BENCH_DEVICES_IDLE_MS ?? 10_000);
const TICK_MS = 50;
const TICKS_PER_SECOND = 100;
const HEARTBEAT = '/api/v1/tenants/current/devices/current/heartbeat';

interface Ready {
  readonly url: string;
  readonly pid: number;
  readonly tills: number;
}

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

const body = (n: number) =>
  JSON.stringify({
    version: '1.4.2',
    sinceLastSyncSeconds: n % 40,
    pendingEvents: n % 7 === 0 ? 3 : 0,
    databaseBytes: 40_000_000 + n,
    peripherals: [
      {
        // Each till's own network printer, named by address with its model and firmware: the kernel
        // keeps the printer's own row too (found by address at the till's location, D-224).
        kind: 'receipt-printer',
        name: `Printer at 10.${Math.floor(n / 250)}.${n % 250}.50:9100`,
        address: `10.${Math.floor(n / 250)}.${n % 250}.50:9100`,
        model: 'TM-T88VI',
        version: '30.27 ESC/POS',
        state: n % 97 === 0 ? 'error' : 'ok',
        message: n % 97 === 0 ? 'Out of paper' : null,
      },
    ],
  });

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

export async function benchDeviceHeartbeats(): Promise<{ cpuPerSecond: number; passed: boolean }> {
  const server = await spawnServer<Ready>('devices-kernel.ts');
  const { ready } = server;
  const keys = Array.from({ length: TILLS }, (_, n) => `Device ${tillKey(n)}`);
  const bodies = Array.from({ length: TILLS }, (_, n) => body(n));
  const latencies: number[] = [];
  const failures = new Map<number, number>();
  const beat = async (n: number) => {
    const started = performance.now();
    const response = await fetch(`${ready.url}${HEARTBEAT}`, {
      method: 'POST',
      headers: { authorization: keys[n]!, 'content-type': 'application/json' },
      body: bodies[n]!,
    }).catch(() => undefined);
    latencies.push(performance.now() - started);
    const status = response?.status ?? 0;
    await response?.arrayBuffer();
    if (status !== 200) failures.set(status, (failures.get(status) ?? 0) + 1);
  };
  try {
    // Warm-up: every till once, 50 at a time.
    for (let n = 0; n < TILLS; n += 50) await Promise.all(Array.from({ length: Math.min(50, TILLS - n) }, (_, i) => beat(n + i)));
    latencies.length = 0;
    failures.clear();
    const idleStart = cpuMs(ready.pid);
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const idlePerMs = (cpuMs(ready.pid) - idleStart) / IDLE_MS;

    // The load: till n beats at n × 30 s / TILLS within each period, as tills started at random times would.
    const cpuBefore = cpuMs(ready.pid);
    const started = performance.now();
    const due = MEASURED_S * 1000;
    const inFlight = new Set<Promise<void>>();
    let sent = 0;
    while (performance.now() - started < due) {
      const shouldHaveSent = Math.floor(((performance.now() - started) / PERIOD_MS) * TILLS);
      for (; sent < shouldHaveSent; sent++) {
        const call = beat(sent % TILLS);
        inFlight.add(call);
        void call.finally(() => inFlight.delete(call));
      }
      await new Promise((resolve) => setTimeout(resolve, TICK_MS));
    }
    await Promise.all(inFlight);
    const wallMs = performance.now() - started;
    const cpu = cpuMs(ready.pid) - cpuBefore;
    const own = cpu - idlePerMs * wallMs;
    const cpuPerSecond = cpu / wallMs;
    const sorted = [...latencies].sort((a, b) => a - b);
    const passed = failures.size === 0;
    record('Devices: heartbeats of 5,000 tills every 30 s — the kernel’s CPU (PostgreSQL)', [
      `${TILLS} paired tills over ${TENANTS} tenants, each beating every 30 s at its own offset (${(TILLS / 30).toFixed(0)} heartbeats a second), with its device key: the key's lookup and one statement per heartbeat (the till's row, and its printer's row found by address). Measured for ${(wallMs / 1000).toFixed(1)} s after a warm-up round; the kernel in its own process, the tills in the bench's. PostgreSQL's own CPU (its backends) is not in these figures.`,
      '',
      '| heartbeats | kernel CPU s per s (cores) | own CPU s per s (less idle) | CPU ms per heartbeat (own) | idle CPU ms per s | latency p50 / p99 ms | failed |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
      `| ${sent} | ${cpuPerSecond.toFixed(3)} | ${(own / wallMs).toFixed(3)} | ${(own / sent).toFixed(3)} | ${(idlePerMs * 1000).toFixed(1)} | ${percentile(sorted, 50).toFixed(1)} / ${percentile(sorted, 99).toFixed(1)} | ${[...failures].map(([s, c]) => `${c}× ${s}`).join(', ') || 0} |`,
    ]);
    return { cpuPerSecond, passed };
  } finally {
    await server.stop();
  }
}
