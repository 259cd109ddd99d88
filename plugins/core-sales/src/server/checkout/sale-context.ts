import { forbidden, type Actor, type ServiceLocator, type TenantTransaction } from '@kits/plugin-sdk';
import type { SalesSettings } from '../settings.ts';

/** What recording a sale needs, whether it came over HTTP or from a till's event log. */
export interface SaleContext {
  readonly tx: TenantTransaction;
  readonly services: ServiceLocator;
  readonly settings: SalesSettings;
  readonly actor: Actor;
  /** Whether the caller holds a permission (a till checked it offline: sync events pass). */
  can(permission: string): boolean;
}

/** Where a sale was made, as the server resolved it. */
export interface SalePlace {
  readonly deviceId: string;
  readonly locationId: string;
  readonly shiftId: string | null;
}

/** Throws 403 (`auth.forbidden`, naming the permission and anything in `detail`) unless the sale's actor holds it. */
export function requireSalePermission(
  context: SaleContext,
  permission: string,
  what: string,
  detail: Readonly<Record<string, unknown>> = {},
): void {
  if (!context.can(permission))
    throw forbidden('auth.forbidden', `${what} needs the permission "${permission}"; ask a manager.`, { ...detail, permission });
}
