import { badRequest, conflict, Type, Uuid, type RouteRegistrar, type TenantTransaction } from '@kits/plugin-sdk';
import { openAdminApi, type AdminApi } from '../admin-api/index.ts';
import type { ShopifySettings } from '../settings.ts';
import { markLocationsWanted } from '../stock/index.ts';

const ShopifyLocationId = Type.String({
  pattern: '^gid://shopify/Location/[0-9]{1,20}$',
  description: 'A Shopify location (gid://shopify/Location/…)',
});
const Link = Type.Object({ locationId: Uuid, shopifyLocationId: ShopifyLocationId }, { additionalProperties: false });

const LocationMap = Type.Object({
  kits: Type.Array(Type.Object({ id: Uuid, name: Type.String(), kind: Type.String() })),
  shopify: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), isActive: Type.Boolean() })),
  links: Type.Array(Type.Object({ locationId: Uuid, shopifyLocationId: Type.String(), shopifyLocationName: Type.String() })),
});

const LOCATIONS = /* GraphQL */ `
  query KitsLocations($after: String) {
    locations(first: 100, after: $after, includeInactive: true) {
      nodes {
        id
        name
        isActive
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

interface ShopifyLocation {
  id: string;
  name: string;
  isActive: boolean;
}

/** Every location of the store (active and not), page by page. */
async function storeLocations(api: AdminApi): Promise<ShopifyLocation[]> {
  const all: ShopifyLocation[] = [];
  let after: string | null = null;
  for (;;) {
    const page: { locations: { nodes: ShopifyLocation[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await api.graphql(LOCATIONS, { after });
    all.push(...page.locations.nodes);
    if (!page.locations.pageInfo.hasNextPage || !page.locations.pageInfo.endCursor) return all;
    after = page.locations.pageInfo.endCursor;
  }
}

async function connectedApi(tx: TenantTransaction, settings: ShopifySettings): Promise<AdminApi> {
  const api = await openAdminApi(tx, settings);
  if (!api) throw conflict('shopify.not_connected', 'No Shopify store is connected: connect it first on the Shopify page.');
  return api;
}

async function links(tx: TenantTransaction) {
  const rows = await tx.query<{ location_id: string; shopify_location_id: string; shopify_location_name: string }>(
    'select location_id, shopify_location_id, shopify_location_name from shopify.location_links order by linked_at, location_id',
  );
  return rows.map((r) => ({
    locationId: r.location_id,
    shopifyLocationId: r.shopify_location_id,
    shopifyLocationName: r.shopify_location_name,
  }));
}

/**
 * KiTS ↔ Shopify locations: which KiTS location each Shopify location's stock and orders are. Stock
 * is pushed and orders recorded only at mapped locations; each side is mapped once.
 */
export function registerLocationRoutes(routes: RouteRegistrar<ShopifySettings>): void {
  routes.get('/locations', {
    permission: 'shopify:view',
    schema: { summary: "KiTS's locations, the store's, and how they are mapped", tags: ['shopify'], response: { 200: LocationMap } },
    handler: async ({ tx, settings }) => {
      const api = await connectedApi(tx, settings);
      const kits = await tx.directory.allLocations();
      return {
        kits: kits.map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
        shopify: await storeLocations(api),
        links: await links(tx),
      };
    },
  });

  routes.put('/locations', {
    permission: 'shopify:manage',
    schema: {
      summary: 'Sets the location map (the whole of it): each KiTS location and each Shopify location at most once',
      tags: ['shopify'],
      body: Type.Object({ links: Type.Array(Link, { maxItems: 200 }) }, { additionalProperties: false }),
      response: { 200: LocationMap },
    },
    handler: async ({ tx, settings, body }) => {
      const api = await connectedApi(tx, settings);
      const twice = (ids: string[]) => ids.find((id, i) => ids.indexOf(id) !== i);
      const kitsTwice = twice(body.links.map((l) => l.locationId));
      const shopifyTwice = twice(body.links.map((l) => l.shopifyLocationId));
      if (kitsTwice || shopifyTwice)
        throw badRequest('shopify.location_mapped_twice', `Each location is mapped once: ${kitsTwice ?? shopifyTwice} appears twice.`, {
          locationId: kitsTwice ?? null,
          shopifyLocationId: shopifyTwice ?? null,
        });
      const kits = await tx.directory.locations(body.links.map((l) => l.locationId));
      const unknownKits = body.links.find((l) => !kits.some((k) => k.id === l.locationId));
      if (unknownKits)
        throw badRequest('shopify.unknown_location', `There is no KiTS location ${unknownKits.locationId}.`, {
          locationId: unknownKits.locationId,
        });
      const store = await storeLocations(api);
      const unknownShopify = body.links.find((l) => !store.some((s) => s.id === l.shopifyLocationId));
      if (unknownShopify)
        throw badRequest('shopify.unknown_shopify_location', `The store has no location ${unknownShopify.shopifyLocationId}.`, {
          shopifyLocationId: unknownShopify.shopifyLocationId,
        });
      const before = new Map((await links(tx)).map((l) => [l.locationId, l.shopifyLocationId]));
      await tx.query('delete from shopify.location_links');
      for (const link of body.links) {
        const name = store.find((s) => s.id === link.shopifyLocationId)!.name;
        await tx.query(
          'insert into shopify.location_links (tenant_id, location_id, shopify_location_id, shopify_location_name) values ($1, $2, $3, $4)',
          [tx.tenantId, link.locationId, link.shopifyLocationId, name],
        );
      }
      // A location newly mapped (or mapped to another Shopify location): its stock goes to Shopify from now on.
      await markLocationsWanted(
        tx,
        body.links.filter((l) => before.get(l.locationId) !== l.shopifyLocationId).map((l) => l.locationId),
      );
      // Orders held for a location that was not mapped are taken in again by the intake.
      await tx.query(`update shopify.orders set pending = true, next_attempt_at = now() where stage = 'held'`);
      await tx.audit('shopify.locations.mapped', { links: body.links });
      return {
        kits: (await tx.directory.allLocations()).map((l) => ({ id: l.id, name: l.name, kind: l.kind })),
        shopify: store,
        links: await links(tx),
      };
    },
  });
}
