// A kernel on PostgreSQL with TILLS paired tills spread over TENANTS tenants, for the heartbeat bench.
// Each till's device key is derived from its number (devices/till-keys.ts), so the bench knows them
// without their crossing the pipe; the devices are written in one statement per tenant.
import { createTestKernel } from '@kits/kernel/test-kit';
import { TENANTS, tillKeyHashes, TILLS } from '../devices/till-keys.ts';

const kit = await createTestKernel({ db: 'postgres', env: { LOG_LEVEL: 'warn' } });
const perTenant = Math.ceil(TILLS / TENANTS);
for (let t = 0; t < TENANTS; t++) {
  const tenant = t === 0 ? kit.tenant : await kit.createTenant(`bench-devices-${t}`);
  const from = t * perTenant;
  const hashes = tillKeyHashes(from, Math.min(TILLS, from + perTenant));
  await kit.kernel.db.query(
    `insert into kernel.devices (tenant_id, device_id, location_id, name, key_hash, last_seen_at)
     select $1, gen_random_uuid(), $2, 'Till ' || (n + $4), h, now() from unnest($3::text[]) with ordinality as k(h, n)`,
    [tenant.id, tenant.locationId, hashes, from],
  );
}
const url = await kit.kernel.listen();
process.stdout.write(`${JSON.stringify({ url, pid: process.pid, tills: TILLS })}\n`);
process.once('SIGTERM', () => void kit.close().then(() => process.exit(0)));
