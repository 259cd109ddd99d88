import type { CredentialStore } from './offline-pin.ts';

/** Someone who may sign in on this till, as its sign-in screen lists them: a name to pick, and the id the PIN is checked for. */
export interface StaffMember {
  readonly id: string;
  readonly name: string;
}

/** The staff list as the till got it last (names and ids only), for a start without the network. */
const keyOf = (deviceId: string) => `kits.till.staff.${deviceId}`;

/** The list this till kept, if it ever got one. */
export function keptStaff(store: CredentialStore, deviceId: string): StaffMember[] | undefined {
  const raw = store.getItem(keyOf(deviceId));
  return raw ? (JSON.parse(raw) as StaffMember[]) : undefined;
}

/**
 * The staff of this till's location, asked of the kernel with the device key pairing gave (and
 * kept for offline starts); the kept list when the kernel cannot be reached. Undefined when the
 * till has no device key (paired before there were keys) or the kernel refuses it (paired
 * again elsewhere, or revoked): the cashier then signs in with their e-mail.
 */
export async function staffOfThisTill(
  store: CredentialStore,
  device: { readonly deviceId: string; readonly deviceKey?: string },
  fetchImpl: typeof fetch = fetch,
): Promise<StaffMember[] | undefined> {
  if (!device.deviceKey) return undefined;
  // A kernel that does not answer is as good as none: the sign-in screen waits for this.
  const response = await fetchImpl('/api/v1/auth/devices/current/staff', {
    headers: { authorization: `Device ${device.deviceKey}` },
    signal: AbortSignal.timeout(5_000),
  }).catch(() => undefined);
  if (!response || response.status >= 500) return keptStaff(store, device.deviceId);
  if (!response.ok) {
    store.removeItem(keyOf(device.deviceId));
    return undefined;
  }
  const { items } = (await response.json()) as { items: StaffMember[] };
  const staff = items.map((person) => ({ id: person.id, name: person.name }));
  store.setItem(keyOf(device.deviceId), JSON.stringify(staff));
  return staff;
}
