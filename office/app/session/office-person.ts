import type { OfficeApi, OfficeLocation, OfficeSession } from '@kits/plugin-sdk/office';

interface Me {
  readonly kind: string;
  readonly id: string;
  readonly tenantId?: string;
  readonly grants: Readonly<Record<string, readonly string[]>>;
  readonly displayName?: string;
  readonly email?: string;
  readonly tenant?: { readonly name: string; readonly slug: string; readonly currency: string; readonly timezone: string };
}

interface LocationAnswer {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly timezone: string;
}

/** The signed-in person as the office shows them: their shop, name, locale, locations and permissions. */
export interface OfficePerson extends OfficeSession {
  readonly shopName: string;
  /** The tenant's own currency (ISO 4217). */
  readonly currency: string;
}

/** Whether `grants` hold `permission` tenant-wide, at `locationId`, or (without one) anywhere — as the kernel decides. */
export function grantsAllow(grants: Me['grants'], permission: string, locationId?: string): boolean {
  const holds = (list: readonly string[] | undefined) => (list ?? []).some((held) => held === permission || held === '*');
  if (holds(grants['*'])) return true;
  if (locationId === undefined) return Object.values(grants).some(holds);
  return holds(grants[locationId]);
}

/** Asks the kernel who is signed in and where they may work. */
export async function loadPerson(api: OfficeApi, locale: string): Promise<OfficePerson> {
  const [me, locations] = await Promise.all([
    api.get<Me>('/api/v1/auth/me'),
    api.get<{ items: LocationAnswer[] }>('/api/v1/tenants/current/locations'),
  ]);
  const tenantWide = (me.grants['*'] ?? []).length > 0;
  const currency = me.tenant?.currency ?? 'EUR';
  const theirs: OfficeLocation[] = locations.items
    .filter((location) => tenantWide || (me.grants[location.id] ?? []).length > 0)
    .map((location) => ({ id: location.id, name: location.name, kind: location.kind, timeZone: location.timezone, currency }));
  return {
    userId: me.id,
    tenantId: me.tenantId ?? '',
    name: me.displayName ?? me.email ?? 'Signed in',
    email: me.email ?? '',
    locale,
    locations: theirs,
    shopName: me.tenant?.name ?? me.tenant?.slug ?? '',
    currency,
    may: (permission, locationId) => grantsAllow(me.grants, permission, locationId),
  };
}
