/** The till's sign-in: a registered device (its id kept on the till) and a cashier's PIN. */
export interface TillSession {
  readonly tenant: string;
  readonly deviceId: string;
  readonly cashier: string;
  readonly accessToken: string;
  readonly locationId: string;
  readonly cashierId: string;
  /** The cashier's permissions at this till's location (checked offline by the checkout). */
  readonly permissions: readonly string[];
}

const DEVICE_KEY = 'kits.till.device';

export interface DeviceSettings {
  tenant: string;
  deviceId: string;
  deviceName?: string;
}

export function savedDevice(): DeviceSettings | undefined {
  const raw = localStorage.getItem(DEVICE_KEY);
  return raw ? (JSON.parse(raw) as DeviceSettings) : undefined;
}

export class SignInError extends Error {}

/** Pairs this till with a device, once, using the code an admin created; remembered on the till. */
export async function pairDevice(code: string): Promise<DeviceSettings> {
  const response = await fetch('/api/v1/auth/pair', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code }),
  });
  const body = (await response.json()) as { tenant?: string; deviceId?: string; deviceName?: string; detail?: string };
  if (!response.ok || !body.tenant || !body.deviceId) throw new SignInError(body.detail ?? 'Pairing failed.');
  const device: DeviceSettings = {
    tenant: body.tenant,
    deviceId: body.deviceId,
    ...(body.deviceName ? { deviceName: body.deviceName } : {}),
  };
  localStorage.setItem(DEVICE_KEY, JSON.stringify(device));
  return device;
}

/** Forgets the pairing (to pair this till as another device). */
export function forgetDevice(): void {
  localStorage.removeItem(DEVICE_KEY);
}

/** Signs a cashier in on this device with their PIN; remembers the device for next time. */
export async function pinSignIn(device: DeviceSettings, email: string, pin: string): Promise<TillSession> {
  const response = await fetch('/api/v1/auth/pin-login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant: device.tenant, deviceId: device.deviceId, email, pin }),
  });
  const body = (await response.json()) as { accessToken?: string; detail?: string };
  if (!response.ok || !body.accessToken) throw new SignInError(body.detail ?? 'Sign-in failed.');
  localStorage.setItem(DEVICE_KEY, JSON.stringify(device));
  const me = await fetch('/api/v1/auth/me', { headers: { authorization: `Bearer ${body.accessToken}` } });
  const who = (await me.json()) as { id: string; locationId: string; grants: Record<string, string[]> };
  const permissions = [...(who.grants['*'] ?? []), ...(who.grants[who.locationId] ?? [])];
  return { ...device, cashier: email, cashierId: who.id, accessToken: body.accessToken, locationId: who.locationId, permissions };
}
