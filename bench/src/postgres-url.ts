import { existsSync } from 'node:fs';

/**
 * The PostgreSQL server benches run against: TEST_POSTGRES_URL when set; otherwise the local
 * server through its Unix socket when there is one (how a kernel on the database's machine should
 * connect: per statement it costs far less than TCP over loopback), else TCP on 127.0.0.1.
 */
export const BENCH_POSTGRES_URL =
  process.env.TEST_POSTGRES_URL ??
  (existsSync('/var/run/postgresql/.s.PGSQL.5432')
    ? 'postgres://postgres@localhost:5432/postgres?host=/var/run/postgresql'
    : 'postgres://postgres@127.0.0.1:5432/postgres');

/** How the benches reach PostgreSQL, for the record of a run. */
export const postgresTransport = (): string =>
  new URL(BENCH_POSTGRES_URL).searchParams.get('host')?.startsWith('/') ? 'Unix socket' : 'TCP';
