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

export interface Device {
  readonly id: string;
  readonly name: string;
  readonly locationId: string;
  readonly createdAt: string;
  readonly revokedAt: string | null;
  readonly paired: boolean;
  readonly lastSeenAt: string | null;
  readonly pendingEvents: number | null;
  readonly pendingReportedAt: string | null;
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
