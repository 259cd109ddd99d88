import { forbidden, notFound, type TenantLocation, type TenantTransaction } from '@kits/plugin-sdk';

export const VIEW = 'reports:view';

/** What a report needs of its request to know whose locations it may cover. */
export interface ScopeRequest {
  readonly tx: TenantTransaction;
  can(permission: string, locationId?: string): boolean;
}

/**
 * The locations a report covers: the one asked for, when the caller holds `reports:view` there
 * (403 `reports.location_forbidden` otherwise, 404 `reports.unknown_location` when the tenant has
 * no such location); without one, every location where the caller holds it (403
 * `reports.no_locations` when there is none). The location is checked before it is looked up, so a
 * caller learns nothing of locations it may not see.
 */
export async function reportLocations(request: ScopeRequest, locationId: string | undefined): Promise<TenantLocation[]> {
  if (locationId !== undefined) {
    if (!request.can(VIEW, locationId)) {
      throw forbidden(
        'reports.location_forbidden',
        `You may not see reports of location ${locationId}; ask an admin to grant "${VIEW}" there.`,
        {
          permission: VIEW,
          errors: [{ field: 'querystring.locationId', message: 'is a location you may not see reports of' }],
        },
      );
    }
    const [location] = await request.tx.directory.locations([locationId]);
    if (!location) {
      throw notFound(
        'reports.unknown_location',
        `There is no location ${locationId}; leave locationId out to cover every location you may see.`,
        {
          errors: [{ field: 'querystring.locationId', message: 'is not a location of this shop' }],
        },
      );
    }
    return [location];
  }
  const visible = (await request.tx.directory.allLocations()).filter((location) => request.can(VIEW, location.id));
  if (visible.length === 0) {
    throw forbidden('reports.no_locations', `You may see reports of no location; ask an admin to grant "${VIEW}" at a location.`, {
      permission: VIEW,
    });
  }
  return visible;
}
