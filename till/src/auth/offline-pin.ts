/**
 * Cashier sign-in without the network: after a cashier signs in online, the till keeps a salted
 * PBKDF2 hash of their PIN (never the PIN) with who they are, so the same PIN opens the till
 * offline. Wrong PINs count per cashier on this device; at `PIN_ATTEMPTS` the kept credential is
 * erased, so only an online sign-in (where the kernel applies its own lock) opens the till again.
 * A cashier is named by their user id (picked from the staff list) or their e-mail: the credential
 * is kept under the id, and the e-mail points to it, so both share one count of wrong PINs.
 */

/** Where the till keeps credentials: `localStorage` in the app, a Map in tests. */
export interface CredentialStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Who a cashier is at this till, as the last online sign-in said. */
export interface KnownCashier {
  /** The e-mail they signed in with, when they typed it. */
  readonly email?: string;
  /** Their name, when they were picked from the staff list. */
  readonly name?: string;
  readonly cashierId: string;
  readonly locationId: string;
  readonly permissions: readonly string[];
}

interface KeptCredential extends KnownCashier {
  readonly salt: string;
  readonly hash: string;
  readonly failures: number;
  /** When the cashier last signed in online (ISO). */
  readonly confirmedAt: string;
}

/** Wrong PINs in a row, on this till and offline, before its kept credential is erased (the kernel locks at 5 too). */
export const PIN_ATTEMPTS = 5;
/** An offline sign-in trusts what the last online one said for this long (permissions change). */
export const OFFLINE_SIGN_IN_DAYS = 7;
const ITERATIONS = 210_000;

export class OfflineSignInError extends Error {
  readonly code: 'unknown' | 'wrong_pin' | 'locked' | 'stale';
  constructor(code: OfflineSignInError['code'], message: string) {
    super(message);
    this.name = 'OfflineSignInError';
    this.code = code;
  }
}

/** Where a cashier's credential is kept (by id), or where their e-mail points to it. */
const keyOf = (deviceId: string, who: string) => `kits.till.cashier.${deviceId}.${who.trim().toLowerCase()}`;

/** The key of the credential `who` (an id or an e-mail) names; a till that kept it by e-mail (before ids) has it there. */
function credentialKey(store: CredentialStore, deviceId: string, who: string): string {
  const key = keyOf(deviceId, who);
  const raw = store.getItem(key);
  const alias = raw ? (JSON.parse(raw) as { aliasOf?: string }).aliasOf : undefined;
  return alias ? keyOf(deviceId, alias) : key;
}

const toHex = (bytes: ArrayBuffer | Uint8Array): string =>
  Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string): Uint8Array<ArrayBuffer> => {
  const bytes = new Uint8Array(new ArrayBuffer(text.length / 2));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return bytes;
};

async function pinHash(pin: string, salt: Uint8Array<ArrayBuffer>): Promise<string> {
  const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: ITERATIONS }, key, 256);
  return toHex(bits);
}

/** Compares without an early exit, so timing says nothing about how much matched. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return difference === 0;
}

/** Keeps a cashier's PIN hash after an online sign-in; resets their wrong-PIN count. */
export async function rememberCashier(
  store: CredentialStore,
  deviceId: string,
  cashier: KnownCashier,
  pin: string,
  now = new Date(),
): Promise<void> {
  const salt = crypto.getRandomValues(new Uint8Array(new ArrayBuffer(16)));
  const previous = store.getItem(keyOf(deviceId, cashier.cashierId));
  const known = previous ? (JSON.parse(previous) as KeptCredential) : undefined;
  const email = cashier.email?.trim().toLowerCase() ?? known?.email;
  const name = cashier.name ?? known?.name;
  const kept: KeptCredential = {
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
    cashierId: cashier.cashierId,
    locationId: cashier.locationId,
    permissions: [...cashier.permissions],
    salt: toHex(salt),
    hash: await pinHash(pin, salt),
    failures: 0,
    confirmedAt: now.toISOString(),
  };
  store.setItem(keyOf(deviceId, cashier.cashierId), JSON.stringify(kept));
  if (email) store.setItem(keyOf(deviceId, email), JSON.stringify({ aliasOf: cashier.cashierId }));
}

/** Erases what the till keeps of a cashier, named by id or e-mail (the kernel said their PIN is locked). */
export function forgetCashier(store: CredentialStore, deviceId: string, who: string): void {
  const key = credentialKey(store, deviceId, who);
  const raw = store.getItem(key);
  const email = raw ? (JSON.parse(raw) as Partial<KeptCredential>).email : undefined;
  store.removeItem(key);
  store.removeItem(keyOf(deviceId, who));
  if (email) store.removeItem(keyOf(deviceId, email));
}

/** Checks a PIN against what this till keeps for the cashier `who` names (their id or e-mail); the cashier when it matches. */
export async function checkOfflinePin(
  store: CredentialStore,
  deviceId: string,
  who: string,
  pin: string,
  now = new Date(),
): Promise<KnownCashier> {
  const key = credentialKey(store, deviceId, who);
  const raw = store.getItem(key);
  if (!raw) {
    throw new OfflineSignInError(
      'unknown',
      'This till is offline and has not seen this cashier sign in before (or their PIN was locked here): sign in once while online.',
    );
  }
  const kept = JSON.parse(raw) as KeptCredential;
  if (now.getTime() - Date.parse(kept.confirmedAt) > OFFLINE_SIGN_IN_DAYS * 86_400_000) {
    throw new OfflineSignInError(
      'stale',
      `This cashier has not signed in online for over ${OFFLINE_SIGN_IN_DAYS} days: sign in while online.`,
    );
  }
  if (sameText(await pinHash(pin, fromHex(kept.salt)), kept.hash)) {
    if (kept.failures > 0) store.setItem(key, JSON.stringify({ ...kept, failures: 0 }));
    return {
      ...(kept.email ? { email: kept.email } : {}),
      ...(kept.name ? { name: kept.name } : {}),
      cashierId: kept.cashierId,
      locationId: kept.locationId,
      permissions: kept.permissions,
    };
  }
  const failures = kept.failures + 1;
  if (failures >= PIN_ATTEMPTS) {
    forgetCashier(store, deviceId, who);
    throw new OfflineSignInError(
      'locked',
      `This PIN is locked on this till after ${PIN_ATTEMPTS} wrong tries: sign in when the till is online (a manager may need to set a new PIN).`,
    );
  }
  store.setItem(key, JSON.stringify({ ...kept, failures }));
  throw new OfflineSignInError('wrong_pin', `The PIN is wrong (${PIN_ATTEMPTS - failures} tries left before it locks on this till).`);
}
