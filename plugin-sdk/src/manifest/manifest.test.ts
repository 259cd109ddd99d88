import { describe, expect, it } from 'vitest';
import { InvalidManifestError, pluginSchemaName, validateManifest } from './manifest.ts';

const good = {
  id: 'core-sales',
  displayName: 'Sales',
  kernel: '^1.0.0',
  provides: ['sales@1'],
  requires: { inventory: '^1' },
  permissions: ['core-sales:checkout'],
  server: './dist/server/index.js',
};

describe('validateManifest', () => {
  it('accepts a complete manifest', () => {
    expect(validateManifest(good).id).toBe('core-sales');
    expect(pluginSchemaName(good)).toBe('core_sales');
  });

  it.each([
    [{ ...good, id: 'Core Sales' }, 'id'],
    [{ ...good, kernel: 'not-a-range' }, 'kernel'],
    [{ ...good, provides: ['sales'] }, 'provides'],
    [{ ...good, requires: { inventory: 'banana' } }, 'requires.inventory'],
    [{ ...good, permissions: ['other:checkout'] }, 'permissions'],
    [{ ...good, server: 'dist/server.js' }, 'server'],
    [{ ...good, colour: 'blue' }, 'colour'],
    [{ displayName: 'x', kernel: '^1' }, 'id'],
  ])('refuses %j, naming %s', (manifest, field) => {
    let caught: unknown;
    try {
      validateManifest(manifest);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidManifestError);
    expect((caught as Error).message).toContain(field);
  });
});
