import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import { TENANT, type Location, type Role } from '../kernel-api.ts';

/** The roles and locations the staff pages offer in their pickers. */
export interface StaffChoices {
  readonly roles: readonly Role[];
  readonly locations: readonly Location[];
}

export async function loadStaffChoices(context: OfficePluginContext, signal: AbortSignal): Promise<StaffChoices> {
  const mayRoles = context.session.may('kernel:roles.manage');
  const [roles, locations] = await Promise.all([
    mayRoles ? context.api.get<{ items: Role[] }>(`${TENANT}/roles`, { signal }) : Promise.resolve({ items: [] as Role[] }),
    context.api.get<{ items: Location[] }>(`${TENANT}/locations`, { signal }),
  ]);
  return { roles: roles.items, locations: locations.items };
}

/** "Cashier at Main Street Store", "Manager everywhere". */
export function grantText(roleName: string, locationId: string | null, locations: readonly Location[]): string {
  if (locationId === null) return `${roleName} · every location`;
  return `${roleName} · ${locations.find((l) => l.id === locationId)?.name ?? 'a removed location'}`;
}

/** The location picker's options: everywhere, then each location. */
export const locationOptions = (locations: readonly Location[]) => [
  { value: '', label: 'Every location' },
  ...locations.map((l) => ({ value: l.id, label: l.name })),
];
