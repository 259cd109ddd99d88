// Issue target: authenticated requests through the plugin dispatch reach at least 60% of a bare
// Fastify hello-world's req/s, measured in the same run on the same machine.
import autocannon from 'autocannon';
import { record } from './results.ts';
import { spawnServer } from './spawn-server.ts';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = 16;

async function load(url: string, headers: Record<string, string> = {}) {
  await autocannon({ url, connections: CONNECTIONS, duration: 2, headers }); // warm-up
  const result = await autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers });
  if (result.errors > 0 || result.non2xx > 0) throw new Error(`${url}: ${result.errors} errors, ${result.non2xx} non-2xx answers`);
  return { rps: result.requests.average, p99: result.latency.p99, total: result.requests.total };
}

export async function benchDispatch(db: 'pglite' | 'postgres'): Promise<{ ratio: number }> {
  const bare = await spawnServer<{ url: string }>('bare-fastify.ts');
  const bareResult = await load(`${bare.ready.url}/hello`).finally(() => bare.stop());

  const kernel = await spawnServer<{ url: string; token: string }>('kernel.ts', { BENCH_DB: db });
  const auth = { authorization: `Bearer ${kernel.ready.token}` };
  const ping = await load(`${kernel.ready.url}/api/v1/ping/ping`, auth).catch(async (error) => {
    await kernel.stop();
    throw error;
  });
  const withQuery = await load(`${kernel.ready.url}/api/v1/ping/tenant`, auth).finally(() => kernel.stop());

  const ratio = ping.rps / bareResult.rps;
  record(`Plugin dispatch vs bare Fastify (${db})`, [
    `${CONNECTIONS} connections, ${DURATION} s per case, autocannon in its own process, each server in its own process.`,
    '',
    '| case | req/s | p99 (ms) |',
    '|---|---:|---:|',
    `| bare Fastify \`GET /hello\` | ${bareResult.rps.toFixed(0)} | ${bareResult.p99} |`,
    `| kernel \`GET /api/v1/ping/ping\` (JWT, tenant plugin lookup, permission, validation, tenant transaction) | ${ping.rps.toFixed(0)} | ${ping.p99} |`,
    `| kernel \`GET /api/v1/ping/tenant\` (the same plus one SQL read under RLS) | ${withQuery.rps.toFixed(0)} | ${withQuery.p99} |`,
    '',
    `Dispatch / bare: **${(ratio * 100).toFixed(0)}%** (target ≥ 60%).`,
  ]);
  return { ratio };
}
