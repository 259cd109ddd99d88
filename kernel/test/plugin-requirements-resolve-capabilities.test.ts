import { describe, expect, it } from 'vitest';
import { capabilitySatisfies, dependents, missingRequirements, providerOf } from '../src/plugins/requirements.ts';

const inventory = { id: 'core-inventory', provides: ['inventory@1'] };
const inventory2 = { id: 'wms', provides: ['inventory@2'] };
const sales = { id: 'core-sales', provides: ['sales@1'], requires: { inventory: '^1' } };
const shopify = { id: 'shopify', requires: { inventory: '^1', sales: '^1' } };

describe('capability requirements', () => {
  it.each([
    ['inventory@1', 'inventory', '^1', true],
    ['inventory@2', 'inventory', '^1', false],
    ['inventory@2', 'inventory', '>=1', true],
    ['sales@1', 'inventory', '^1', false],
  ])('%s satisfies %s %s: %s', (provided, name, range, expected) => {
    expect(capabilitySatisfies(provided, name, range)).toBe(expected);
  });

  it('names each missing capability with its range', () => {
    expect(missingRequirements(shopify, [inventory])).toEqual([{ capability: 'sales', range: '^1' }]);
    expect(missingRequirements(shopify, [inventory, sales])).toEqual([]);
  });

  it('a provider of another major does not satisfy', () => {
    expect(missingRequirements(sales, [inventory2])).toEqual([{ capability: 'inventory', range: '^1' }]);
  });

  it('a plugin does not satisfy its own requirement', () => {
    const selfish = { id: 'x', provides: ['inventory@1'], requires: { inventory: '^1' } };
    expect(missingRequirements(selfish, [selfish])).toEqual([{ capability: 'inventory', range: '^1' }]);
  });

  it('lists the enabled plugins that would lose a requirement', () => {
    expect(dependents(inventory, [inventory, sales, shopify]).sort()).toEqual(['core-sales', 'shopify']);
    expect(dependents(shopify, [inventory, sales, shopify])).toEqual([]);
  });

  it('finds the provider of a capability', () => {
    expect(providerOf('inventory@1', [sales, inventory])?.id).toBe('core-inventory');
    expect(providerOf('inventory@3', [sales, inventory])).toBeUndefined();
  });
});
