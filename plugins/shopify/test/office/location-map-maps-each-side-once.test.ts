import { describe, expect, it } from 'vitest';
import { choicesChanged, choicesOf, linksOf, optionsFor, unmappedShopifyLocations } from '../../src/office/locations/location-choices.ts';
import type { LocationMap } from '../../src/office/shopify-api.ts';

const MAP: LocationMap = {
  kits: [
    { id: 'store', name: 'Main Street Store', kind: 'store' },
    { id: 'kiosk', name: 'Harbour Kiosk', kind: 'store' },
    { id: 'depot', name: 'Depot', kind: 'warehouse' },
  ],
  shopify: [
    { id: 'gid://shopify/Location/1', name: 'Shop', isActive: true },
    { id: 'gid://shopify/Location/2', name: 'Warehouse', isActive: true },
    { id: 'gid://shopify/Location/3', name: 'Old pop-up', isActive: false },
  ],
  links: [{ locationId: 'store', shopifyLocationId: 'gid://shopify/Location/1' }],
};

// The location map form offers each Shopify location to one KiTS location at a time, and sends
// only the mapped ones, so the server's "each side once" rule is never broken by the form.
describe('the location map', () => {
  it('starts from what the server holds, every KiTS location listed', () => {
    expect(choicesOf(MAP)).toEqual({ store: 'gid://shopify/Location/1', kiosk: '', depot: '' });
    expect(choicesChanged(MAP, choicesOf(MAP))).toBe(false);
  });

  it('offers a Shopify location taken by another KiTS location to no one else, and says which are inactive', () => {
    const choices = choicesOf(MAP);
    expect(optionsFor(MAP, choices, 'kiosk').map((option) => option.value)).toEqual([
      '',
      'gid://shopify/Location/2',
      'gid://shopify/Location/3',
    ]);
    expect(optionsFor(MAP, choices, 'store').map((option) => option.value)).toEqual([
      '',
      'gid://shopify/Location/1',
      'gid://shopify/Location/2',
      'gid://shopify/Location/3',
    ]);
    expect(optionsFor(MAP, choices, 'kiosk').find((option) => option.value === 'gid://shopify/Location/3')?.label).toBe(
      'Old pop-up (inactive on Shopify)',
    );
  });

  it('sends the mapped locations only, in the order they are listed', () => {
    const choices = { store: '', kiosk: 'gid://shopify/Location/1', depot: 'gid://shopify/Location/2' };
    expect(choicesChanged(MAP, choices)).toBe(true);
    expect(linksOf(MAP, choices)).toEqual([
      { locationId: 'kiosk', shopifyLocationId: 'gid://shopify/Location/1' },
      { locationId: 'depot', shopifyLocationId: 'gid://shopify/Location/2' },
    ]);
  });

  it('names the active Shopify locations no KiTS location is mapped to', () => {
    expect(unmappedShopifyLocations(MAP, choicesOf(MAP)).map((location) => location.name)).toEqual(['Warehouse']);
    expect(unmappedShopifyLocations(MAP, { store: 'gid://shopify/Location/1', kiosk: 'gid://shopify/Location/2', depot: '' })).toEqual([]);
  });
});
