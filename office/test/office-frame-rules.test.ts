import { describe, expect, it } from 'vitest';
import { matchPath, OfficeContributions } from '../app/plugins/office-contributions.ts';
import { grantsAllow } from '../app/session/office-person.ts';
import { activeLink, navigationOf } from '../app/shell/navigation.ts';
import { officePath } from '../app/shell/office-router.ts';

const page = () => null;

describe('the office frame’s rules', () => {
  it.each([
    ['/core-inventory/products/:productId', '/core-inventory/products/0193', { productId: '0193' }],
    ['/core-inventory/products/:productId', '/core-inventory/products', undefined],
    ['/staff', '/staff', {}],
    ['/staff', '/stock', undefined],
    ['/x/:name', '/x/caf%C3%A9', { name: 'café' }],
  ])('matches %s against %s', (pattern, path, expected) => {
    expect(matchPath(pattern, path)).toEqual(expected);
  });

  it.each([
    ['/office', '/'],
    ['/office/', '/'],
    ['/office/core-sales/sales/', '/core-sales/sales'],
  ])('reads the office path of %s', (pathname, expected) => expect(officePath(pathname)).toBe(expected));

  it.each([
    [{ '*': ['*'] }, 'kernel:users.manage', undefined, true],
    [{ '*': ['core-sales:checkout'] }, 'kernel:users.manage', undefined, false],
    [{ loc1: ['kernel:users.manage'] }, 'kernel:users.manage', undefined, true],
    [{ loc1: ['kernel:users.manage'] }, 'kernel:users.manage', 'loc2', false],
    [{ loc1: ['*'] }, 'kernel:users.manage', 'loc1', true],
    [{}, 'kernel:users.manage', undefined, false],
  ])('grants %j allow %s at %s: %s', (grants, permission, location, allowed) => {
    expect(grantsAllow(grants, permission, location)).toBe(allowed);
  });

  it('lists pages by section in the day’s order, leaves out record pages and what the person may not open', () => {
    const contributions = new OfficeContributions();
    const inventory = { id: 'core-inventory', name: 'Inventory' };
    const kernel = { id: 'kernel', name: 'KiTS' };
    const loyalty = { id: 'loyalty', name: 'Loyalty' };
    contributions.add(kernel, 'office.page', page, {
      path: 'staff',
      title: 'Staff',
      permission: 'kernel:users.manage',
      nav: { section: 'Team & devices' },
    });
    contributions.add(kernel, 'office.page', page, { path: 'settings', title: 'Settings', nav: { section: 'Settings' } });
    contributions.add(inventory, 'office.page', page, { path: 'products/:productId', title: 'Product' });
    contributions.add(inventory, 'office.page', page, { path: 'counts', title: 'Counts', nav: { section: 'Stock', order: 40 } });
    contributions.add(inventory, 'office.page', page, {
      path: 'products',
      title: 'Products',
      nav: { section: 'Catalog', order: 10, key: 'p' },
    });
    contributions.add(inventory, 'office.page', page, { path: 'levels', title: 'Stock levels', nav: { section: 'Stock', order: 10 } });
    contributions.add(loyalty, 'office.page', page, { path: 'cards', title: 'Cards', nav: { section: 'Loyalty' } });

    const sections = navigationOf(contributions, (permission) => permission !== 'kernel:users.manage');

    expect(sections.map((section) => [section.title, section.links.map((link) => link.path)])).toEqual([
      ['Catalog', ['/core-inventory/products']],
      ['Stock', ['/core-inventory/levels', '/core-inventory/counts']],
      ['Loyalty', ['/loyalty/cards']],
      ['Settings', ['/settings']],
    ]);
    expect(activeLink(sections, '/core-inventory/products/0193')).toBe('/core-inventory/products');
  });

  it('refuses a page without a path and title, and a contribution that is not a component', () => {
    const contributions = new OfficeContributions();
    const plugin = { id: 'broken', name: 'Broken' };
    expect(() => contributions.add(plugin, 'office.page', page, { title: 'No path' } as never)).toThrow(/without a path and a title/);
    expect(() => contributions.add(plugin, 'office.dashboard.card', 'text' as never, { title: 'Card' })).toThrow(/not a component/);
    expect(() => contributions.addSearch(plugin, { title: 'No find' } as never)).toThrow(/find/);
  });
});
