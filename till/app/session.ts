import { RenewableToken } from '../src/auth/access-token.ts';
import { checkOfflinePin, forgetCashier, rememberCashier, type KnownCashier } from '../src/auth/offline-pin.ts';
import { keptStaff } from '../src/auth/staff-list.ts';

/** The till's sign-in: a paired device (its id kept on the till) and a cashier's PIN. */
export interface TillSession {
  readonly tenant: string;
  readonly deviceId: string;
  /** The name an admin gave the device when pairing it, when known. */
  readonly deviceName?: string;
  /** The key pairing gave the device (tills paired before device keys have none): its heartbeat, and a revoked till's last push. */
  readonly deviceKey?: string;
  /** Who is signed in, as the till shows them: their name (picked from the staff list), or the e-mail they typed. */
  readonly cashier: string;
  readonly locationId: string;
  readonly cashierId: string;
  /** The cashier's permissions at this till's location (checked offline by the checkout). */
  readonly permissions: readonly string[];
  /** The access token, renewed with the session's PIN when it expires (or, signed in offline, when the network returns). */
  readonly tokens: RenewableToken;
  /** Signed in without the network, against the PIN hash this till keeps. */
  readonly offline: boolean;
}

const DEVICE_KEY = 'kits.till.device';

export interface DeviceSettings {
  tenant: string;
  deviceId: string;
  deviceName?: string;
  /** Given by pairing (tills paired before device keys have none): lists the staff to sign in. */
  deviceKey?: string;
}

/** Who signs in: picked from the till's staff list, or typed (the fallback). */
export type CashierChoice = { readonly userId: string; readonly name: string } | { readonly email: string };

export function savedDevice(): DeviceSettings | undefined {
  const raw = localStorage.getItem(DEVICE_KEY);
  return raw ? (JSON.parse(raw) as DeviceSettings) : undefined;
}

export class SignInError extends Error {}

/** The kernel refused this device as revoked in the back office (`auth.device_revoked`): it sends what it holds, then erases. */
export class DeviceRevokedError extends SignInError {}

/** Pairs this till with a device, once, using the code an admin created; remembered on the till. */
export async function pairDevice(code: string): Promise<DeviceSettings> {
  const response = await fetch('/api/v1/auth/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  }).catch(() => {
    throw new SignInError('The server cannot be reached: pairing needs the network.');
  });
  const body = (await response.json()) as { tenant?: string; deviceId?: string; deviceName?: string; deviceKey?: string; detail?: string };
  if (!response.ok || !body.tenant || !body.deviceId) throw new SignInError(body.detail ?? 'Pairing failed.');
  const device: DeviceSettings = {
    tenant: body.tenant,
    deviceId: body.deviceId,
    ...(body.deviceName ? { deviceName: body.deviceName } : {}),
    ...(body.deviceKey ? { deviceKey: body.deviceKey } : {}),
  };
  localStorage.setItem(DEVICE_KEY, JSON.stringify(device));
  return device;
}

/** Forgets the pairing (to pair this till as another device). */
export function forgetDevice(): void {
  localStorage.removeItem(DEVICE_KEY);
}

/** The kernel is out of reach (no network, or it answers 5xx): the till signs in offline. */
class Unreachable extends Error {}

/** The id or e-mail a choice names the cashier by (how the till keeps their PIN hash). */
const whoIs = (who: CashierChoice) => ('userId' in who ? who.userId : who.email);

/** Signs in at the kernel with the PIN; the access token. */
async function onlinePinLogin(device: DeviceSettings, who: CashierChoice, pin: string): Promise<string> {
  const response = await fetch('/api/v1/auth/pin-login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      tenant: device.tenant,
      deviceId: device.deviceId,
      ...('userId' in who ? { userId: who.userId } : { email: who.email }),
      pin,
    }),
  }).catch((failure: Error) => {
    throw new Unreachable(failure.message);
  });
  if (response.status >= 500) throw new Unreachable(`the server answered ${response.status}`);
  const body = (await response.json()) as { accessToken?: string; detail?: string; code?: string };
  if (!response.ok || !body.accessToken) {
    if (body.code === 'auth.pin_locked') forgetCashier(localStorage, device.deviceId, whoIs(who));
    if (body.code === 'auth.device_revoked') throw new DeviceRevokedError(body.detail ?? 'This till was revoked.');
    throw new SignInError(body.detail ?? 'Sign-in failed.');
  }
  return body.accessToken;
}

/** Who the token belongs to, and their permissions at the till's location. */
async function whoAmI(token: string, who: CashierChoice): Promise<KnownCashier> {
  const me = await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${token}` } });
  const found = (await me.json()) as { id: string; locationId: string; grants: Record<string, string[]> };
  return {
    ...('userId' in who ? { name: who.name } : { email: who.email }),
    cashierId: found.id,
    locationId: found.locationId,
    permissions: [...(found.grants['*'] ?? []), ...(found.grants[found.locationId] ?? [])],
  };
}

/**
 * Signs a cashier in on this device with their PIN: at the kernel when it can be reached (the
 * till then keeps a hash of the PIN for offline sign-ins), against that hash when it cannot.
 */
export async function pinSignIn(device: DeviceSettings, who: CashierChoice, pin: string): Promise<TillSession> {
  const renew = () => onlinePinLogin(device, who, pin);
  let cashier: KnownCashier;
  let tokens: RenewableToken;
  let offline = false;
  try {
    const token = await renew();
    cashier = await whoAmI(token, who);
    await rememberCashier(localStorage, device.deviceId, cashier, pin);
    tokens = new RenewableToken(token, renew);
  } catch (failure) {
    if (!(failure instanceof Unreachable)) throw failure;
    cashier = await checkOfflinePin(localStorage, device.deviceId, whoIs(who), pin);
    tokens = new RenewableToken(undefined, renew);
    offline = true;
  }
  localStorage.setItem(DEVICE_KEY, JSON.stringify(device));
  return {
    ...device,
    // Their name: picked from the list, or found in it (signed in by e-mail), else the e-mail typed.
    cashier:
      'userId' in who
        ? who.name
        : (keptStaff(localStorage, device.deviceId)?.find((person) => person.id === cashier.cashierId)?.name ?? cashier.name ?? who.email),
    cashierId: cashier.cashierId,
    locationId: cashier.locationId,
    permissions: cashier.permissions,
    tokens,
    offline,
  };
}

/** Checks the signed-in cashier's PIN again, on the till (unlocking after inactivity; offline too). */
export async function confirmPin(session: TillSession, pin: string): Promise<void> {
  await checkOfflinePin(localStorage, session.deviceId, session.cashierId, pin);
}
