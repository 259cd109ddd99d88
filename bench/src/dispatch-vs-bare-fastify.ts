// Issue target: authenticated requests through the plugin dispatch reach at least 60% of a bare
// Fastify hello-world's req/s, measured in the same run on the same machine.
import autocannon from 'autocannon';
import { record } from './results.ts';
import { spawnServer } from './spawn-server.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 16;

interface Figures {
  readonly rps: number;
  readonly p99: number;
}

async function load(url: string, headers: Record<string, string> = {}): Promise<Figures> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function benchDispatch(db: 'pglite' | 'postgres'): Promise<{ ratio: number }> {
  const bare = await spawnServer<{ url: string }>('bare-fastify.ts');
  const kernel = await spawnServer<{ url: string; token: string }>('kernel.ts', { BENCH_DB: db });
  const auth = { authorization: `Bearer ${kernel.ready.token}` };
  const cases = {
    bare: () => load(`${bare.ready.url}/hello`),
    ping: () => load(`${kernel.ready.url}/api/v1/ping/ping`, auth),
    query: () => load(`${kernel.ready.url}/api/v1/ping/tenant`, auth),
  };
  const runs: Record<keyof typeof cases, Figures[]> = { bare: [], ping: [], query: [] };
  try {
    await cases.bare();
    await cases.ping(); // warm-up
    // Alternating rounds, so a noisy moment on the machine hits both sides alike.
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of ['bare', 'ping', 'query'] as const) runs[name].push(await cases[name]());
    }
  } finally {
    await Promise.all([bare.stop(), kernel.stop()]);
  }
  const summary = (name: keyof typeof cases) => ({ rps: median(runs[name].map((r) => r.rps)), p99: median(runs[name].map((r) => r.p99)) });
  const [b, p, q] = [summary('bare'), summary('ping'), summary('query')];
  const ratio = p.rps / b.rps;
  const each = (name: keyof typeof cases) => runs[name].map((r) => r.rps.toFixed(0)).join(', ');
  record(`Plugin dispatch vs bare Fastify (${db})`, [
    `${CONNECTIONS} connections; ${ROUNDS} alternating rounds of ${SECONDS} s per case after a warm-up; medians. autocannon runs in the bench process, each server in its own process (2 cores shared by all three).`,
    '',
    '| case | req/s (median) | p99 ms | req/s per round |',
    '|---|---:|---:|---|',
    `| bare Fastify \`GET /hello\` | ${b.rps.toFixed(0)} | ${b.p99} | ${each('bare')} |`,
    `| kernel \`GET /api/v1/ping/ping\`: JWT, tenant's plugin version, route, permission, validation (the route touches no SQL, so no transaction begins) | ${p.rps.toFixed(0)} | ${p.p99} | ${each('ping')} |`,
    `| kernel \`GET /api/v1/ping/tenant\`: the same plus a tenant transaction with one SQL read under RLS | ${q.rps.toFixed(0)} | ${q.p99} | ${each('query')} |`,
    '',
    `Dispatch / bare: **${(ratio * 100).toFixed(0)}%** (target ≥ 60%).`,
  ]);
  return { ratio };
}
