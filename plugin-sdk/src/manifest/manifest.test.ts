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

const secretSettings = (apiKey: Record<string, unknown>) => ({ type: 'object', properties: { apiKey } });

describe('validateManifest', () => {
  it('accepts a complete manifest', () => {
    expect(validateManifest(good).id).toBe('core-sales');
    expect(pluginSchemaName(good)).toBe('core_sales');
  });

  it('accepts secret settings: strings reached through properties, nested objects too, never sent to tills', () => {
    const settings = {
      type: 'object',
      properties: {
        apiKey: { type: 'string', 'x-kits-secret': true },
        gateway: { type: 'object', properties: { token: { type: 'string', 'x-kits-secret': true } } },
        greeting: { type: 'string', 'x-kits-till': true },
      },
    };
    expect(validateManifest({ ...good, settings }).settings).toEqual(settings);
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
    [{ ...good, settings: secretSettings({ type: 'integer', 'x-kits-secret': true }) }, 'settings.properties.apiKey'],
    [{ ...good, settings: secretSettings({ type: 'string', 'x-kits-secret': 'yes' }) }, 'settings.properties.apiKey'],
    [{ ...good, settings: secretSettings({ type: 'string', 'x-kits-secret': true, 'x-kits-till': true }) }, 'cannot be sent to tills'],
    [
      {
        ...good,
        settings: secretSettings({
          type: 'object',
          'x-kits-till': true,
          properties: { token: { type: 'string', 'x-kits-secret': true } },
        }),
      },
      'settings.properties.apiKey.properties.token',
    ],
    [{ ...good, settings: secretSettings({ type: 'array', items: { type: 'string', 'x-kits-secret': true } }) }, 'apiKey.items'],
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
