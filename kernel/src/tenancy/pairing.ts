import { randomBytes, randomInt } from 'node:crypto';
import { DomainError, notFound } from '@kits/plugin-sdk';
import { sha256 } from '../auth/authenticator.ts';
import type { Database, Transaction } from '../db/database.ts';

/** Letters and digits a person reads off a screen without confusing them (no 0/O, 1/I/L). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
const PAIRING_MINUTES = 15;

/** A new pairing code for a device (shown to the admin once; only its hash is kept). */
export async function createPairingCode(tx: Transaction, tenantId: string, deviceId: string): Promise<{ code: string; expiresAt: string }> {
  const [device] = await tx.query<{ revoked_at: Date | null; kind: string }>(
    'select revoked_at, kind from kernel.devices where device_id = $1',
    [deviceId],
  );
  if (!device) throw notFound('tenancy.unknown_device', `There is no device ${deviceId}.`);
  if (device.kind !== 'till')
    throw new DomainError('tenancy.not_a_till', 409, `Device ${deviceId} is a ${device.kind}: only tills are paired with a code.`);
  if (device.revoked_at) throw new DomainError('tenancy.device_revoked', 409, `Device ${deviceId} was revoked; register a new one.`);
  const code = Array.from({ length: PAIRING_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  const expiresAt = new Date(Date.now() + PAIRING_MINUTES * 60_000).toISOString();
  await tx.query('insert into kernel.device_pairing_codes (tenant_id, code_hash, device_id, expires_at) values ($1, $2, $3, $4)', [
    tenantId,
    sha256(code),
    deviceId,
    expiresAt,
  ]);
  return { code, expiresAt };
}

/**
 * Redeems a pairing code (once): the device the till now is, its tenant and location, and a new
 * device key (shown once, kept as a hash; pairing the device again replaces it).
 */
export async function redeemPairingCode(
  db: Database,
  code: string,
): Promise<{ tenant: string; deviceId: string; deviceName: string; locationId: string; deviceKey: string }> {
  const normalised = code.toUpperCase().replace(/[\s-]/g, '');
  const deviceKey = `kitsdev_${randomBytes(32).toString('base64url')}`;
  // Across tenants (the till knows none yet): the kernel's own connection, one statement.
  const [row] = await db.query<{ slug: string; device_id: string; name: string; location_id: string }>(
    `with used as (
       update kernel.device_pairing_codes set used_at = now()
        where code_hash = $1 and used_at is null and expires_at > now()
          -- Codes are unique only within a tenant (D-232): one live in two shops at once pairs neither.
          and (select count(*) from kernel.device_pairing_codes c where c.code_hash = $1 and c.used_at is null and c.expires_at > now()) = 1
        returning tenant_id, device_id),
     keyed as (
       update kernel.devices d set key_hash = $2, last_seen_at = now()
         from used u
        where d.tenant_id = u.tenant_id and d.device_id = u.device_id and d.revoked_at is null
        returning d.tenant_id, d.device_id, d.name, d.location_id)
     select t.slug, k.device_id, k.name, k.location_id
       from keyed k join kernel.tenants t on t.tenant_id = k.tenant_id`,
    [sha256(normalised), sha256(deviceKey)],
  );
  if (!row)
    throw new DomainError(
      'auth.pairing_code_invalid',
      400,
      'This pairing code is not valid (wrong, used already, or expired); ask an admin for a new one.',
    );
  return { tenant: row.slug, deviceId: row.device_id, deviceName: row.name, locationId: row.location_id, deviceKey };
}
