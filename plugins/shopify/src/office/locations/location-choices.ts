import type { LocationLink, LocationMap } from '../shopify-api.ts';

/** Which Shopify location each KiTS location is mapped to ('' for none), by KiTS location id. */
export type LocationChoices = Readonly<Record<string, string>>;

export const NOT_SYNCED = '';

/** The map as the server holds it. */
export function choicesOf(map: LocationMap): LocationChoices {
  const choices: Record<string, string> = {};
  for (const location of map.kits) choices[location.id] = NOT_SYNCED;
  for (const link of map.links) choices[link.locationId] = link.shopifyLocationId;
  return choices;
}

/**
 * What a KiTS location may be mapped to: none, or a Shopify location no other KiTS location has
 * (each side is mapped once). An inactive Shopify location says so: Shopify keeps no stock there.
 */
export function optionsFor(map: LocationMap, choices: LocationChoices, locationId: string): { value: string; label: string }[] {
  const takenElsewhere = new Set(Object.entries(choices).flatMap(([id, shopifyId]) => (id !== locationId && shopifyId ? [shopifyId] : [])));
  return [
    { value: NOT_SYNCED, label: 'Not synced with Shopify' },
    ...map.shopify
      .filter((location) => !takenElsewhere.has(location.id))
      .map((location) => ({ value: location.id, label: location.isActive ? location.name : `${location.name} (inactive on Shopify)` })),
  ];
}

/** The links PUT /locations is sent: the mapped KiTS locations, in the order they are listed. */
export function linksOf(map: LocationMap, choices: LocationChoices): LocationLink[] {
  return map.kits.flatMap((location) => {
    const shopifyLocationId = choices[location.id];
    return shopifyLocationId ? [{ locationId: location.id, shopifyLocationId }] : [];
  });
}

/** Whether the choices differ from what the server holds. */
export function choicesChanged(map: LocationMap, choices: LocationChoices): boolean {
  const saved = choicesOf(map);
  return map.kits.some((location) => (saved[location.id] ?? NOT_SYNCED) !== (choices[location.id] ?? NOT_SYNCED));
}

/** Shopify locations no KiTS location is mapped to: their orders are raised as discrepancies. */
export function unmappedShopifyLocations(map: LocationMap, choices: LocationChoices): LocationMap['shopify'] {
  const mapped = new Set(Object.values(choices).filter(Boolean));
  return map.shopify.filter((location) => location.isActive && !mapped.has(location.id));
}
