// Part of the till context ('@kits/plugin-sdk/till'): bundled into one module for the till (till/vite.config.ts).

/** Who sells where: the signed-in cashier on this device. */
export interface TillSessionInfo {
  readonly deviceId: string;
  /** The device's name as the back office shows it (“Front counter”), when the till knows it. */
  readonly deviceName?: string;
  readonly locationId: string;
  readonly cashierId: string;
  /** The cashier's name, as receipts and screens show it. */
  readonly cashierName: string;
  readonly permissions: readonly string[];
}

/**
 * The store the till sells at, as far as the till knows it (it learns it online and keeps it): its
 * name, its address a line each, its VAT or tax number, and the IANA time zone the till tells the
 * time in (the store's, or the tenant's). Offline on a first start only `id` is known.
 */
export interface TillLocation {
  readonly id: string;
  readonly name?: string;
  readonly addressLines?: readonly string[];
  readonly taxId?: string;
  readonly timezone?: string;
}

/** Whether a session holds a permission (`*` holds them all). */
export function sessionMay(session: Pick<TillSessionInfo, 'permissions'>, permission: string): boolean {
  return session.permissions.includes(permission) || session.permissions.includes('*');
}
