import { createScratchPostgres, type ScratchDatabase } from '@kits/plugin-sdk/test-kit';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.ts';

// A kernel on the database's machine reaches PostgreSQL through its Unix socket: DATABASE_URL
// names the socket's directory with `?host=` (as libpq and node-postgres read it).
const SOCKET_DIRECTORY = '/var/run/postgresql';

describe('DATABASE_URL with ?host=<directory>', () => {
  let scratch: ScratchDatabase;
  let db: Database;
  beforeAll(async () => {
    scratch = await createScratchPostgres();
    const url = new URL(scratch.url);
    url.hostname = 'localhost';
    url.searchParams.set('host', SOCKET_DIRECTORY);
    db = await openDatabase({ databaseUrl: url.toString(), dataDir: 'memory://' }, [], pino({ level: 'silent' }));
  });
  afterAll(async () => {
    await db?.close();
    await scratch?.drop();
  });

  it('connects through the Unix socket, in and out of tenant transactions', async () => {
    // inet_client_addr() is null exactly for a connection over a Unix socket.
    const [outside] = await db.query<{ address: string | null }>('select inet_client_addr()::text as address');
    expect(outside).toEqual({ address: null });
    const [inside] = await db.transaction({}, (tx) => tx.query<{ address: string | null }>('select inet_client_addr()::text as address'));
    expect(inside).toEqual({ address: null });
  });
});
