// The kernel's own API as the back office's kernel pages read it (answers of /api/v1/tenants/current/…,
// /api/v1/auth/…, /api/v1/plugins…). Shapes follow the kernel's route schemas.

export interface Location {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly addressLines: readonly string[];
  readonly taxId: string | null;
  readonly timezone: string;
  readonly createdAt: string;
}

export interface Grant {
  readonly grantId: string;
  readonly roleId: string;
  readonly roleName: string;
  /** null: at every location. */
  readonly locationId: string | null;
}

export interface StaffMember {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly active: boolean;
  readonly hasPassword: boolean;
  readonly hasPin: boolean;
  readonly pinLocked: boolean;
  readonly createdAt: string;
  readonly grants: readonly Grant[];
}

export interface Role {
  readonly id: string;
  readonly name: string;
  readonly permissions: readonly string[];
  readonly createdAt: string;
}

export type DeviceKind = 'till' | 'receipt-printer' | 'label-printer' | 'card-reader' | 'scanner' | 'customer-display';

/** A printer or reader a till drives, as its heartbeat last reported it. */
export interface Peripheral {
  readonly kind: DeviceKind;
  readonly name: string;
  readonly state: 'ok' | 'error' | 'unknown';
  readonly message?: string | null;
  readonly at?: string | null;
}

export interface Device {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
  readonly kind: DeviceKind;
  readonly model: string | null;
  readonly address: string | null;
  readonly version: string | null;
  readonly status: { readonly state: 'ok' | 'error' | 'unknown'; readonly message: string | null; readonly reportedAt: string | null };
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly paired: boolean;
  readonly lastSeenAt: string | null;
  readonly pendingEvents: number | null;
  readonly pendingReportedAt: string | null;
  /** What a till says of itself in its heartbeat; null for other kinds. */
  readonly till: {
    readonly lastSyncedAt: string | null;
    readonly heartbeatAt: string | null;
    readonly databaseBytes: number | null;
    readonly peripherals: readonly Peripheral[];
    readonly updateRequired: boolean;
  } | null;
}

/** Something about a device that needs looking at now (computed by the kernel when asked). */
export interface DeviceAlert {
  readonly deviceId: string;
  readonly deviceName: string;
  readonly locationId: string;
  readonly kind: 'stuck-sync' | 'device-error' | 'peripheral-error' | 'update-required';
  readonly message: string;
  readonly since: string | null;
}

export interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly prefix: string;
  readonly permissions: readonly string[];
  readonly locationId: string | null;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

export interface AuditEntry {
  readonly id: string;
  readonly actorKind: string;
  readonly actorId: string;
  readonly actorName: string | null;
  readonly deviceId: string | null;
  readonly deviceName: string | null;
  readonly action: string;
  readonly detail: unknown;
  readonly occurredAt: string;
}

/** One page of a list: `nextCursor` asks for the next one. */
export interface PageOf<Item> {
  readonly items: readonly Item[];
  readonly nextCursor: string | null;
}

export const TENANT = '/api/v1/tenants/current';

/** The permissions the kernel's pages need (kernel/src/auth/kernel-permissions.ts). */
export const KERNEL_PERMISSION = {
  locations: 'kernel:locations.manage',
  devices: 'kernel:devices.manage',
  users: 'kernel:users.manage',
  roles: 'kernel:roles.manage',
  apiKeys: 'kernel:api-keys.manage',
  plugins: 'kernel:plugins.manage',
  audit: 'kernel:audit.read',
} as const;

/** Every page of a list (the kernel's lists are small per tenant: locations, roles). */
export async function allPages<Item>(
  load: (cursor: string | undefined) => Promise<PageOf<Item> | { items: readonly Item[] }>,
): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  for (let round = 0; round < 100; round += 1) {
    const page = await load(cursor);
    items.push(...page.items);
    const next = 'nextCursor' in page ? page.nextCursor : null;
    if (!next) break;
    cursor = next;
  }
  return items;
}
