import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { checkBoundaries } from '../rules.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A repository of `files` (path → text), with two plugins owning the schemas `sales` and `inventory`. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kits-boundaries-'));
  roots.push(root);
  const all: Record<string, string> = {
    'plugins/core-sales/package.json': JSON.stringify({ name: '@kits/core-sales', kits: { id: 'core-sales', schema: 'sales' } }),
    'plugins/core-inventory/package.json': JSON.stringify({
      name: '@kits/core-inventory',
      kits: { id: 'core-inventory', schema: 'inventory' },
    }),
    ...files,
  };
  for (const [path, text] of Object.entries(all)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('deps:check', () => {
  it('passes a house whose till, plugins and SQL keep to their own', () => {
    const root = repository({
      'till/src/store.ts': "import { definePlugin } from '@kits/plugin-sdk';\nimport { local } from './local.ts';\n",
      'plugins/core-sales/src/server/sale.ts':
        "import type { InventoryService } from '@kits/plugin-sdk';\nexport const q = 'select * from sales.sales s join sales.sale_lines l using (sale_id)';\nexport const event = 'inventory.stock.moved';\n",
      // Tests may boot other plugins; they are not checked.
      'plugins/core-sales/test/sells.test.ts': "import '@kits/core-inventory';\nconst q = 'select * from kernel.devices';\n",
    });

    const result = checkBoundaries(root);

    expect(result.violations).toEqual([]);
    expect(result.filesChecked).toBe(2);
  });

  it('names each crossing: the till importing a plugin, a plugin importing another or the kernel, SQL reading another schema', () => {
    const root = repository({
      'till/app/screen.tsx': "import { priceSale } from '@kits/core-sales/pricing';\nexport const x = 1;\n",
      'till/src/relative.ts': "export { thing } from '../../plugins/core-sales/src/shared/thing.ts';\n",
      'office/app/page.tsx': "import { ProductsPage } from '@kits/core-inventory/office';\n",
      'ui-kit/src/table.tsx': "export { priceSale } from '../../plugins/core-sales/src/shared/pricing.ts';\n",
      'plugins/core-sales/src/server/a.ts': "import { stock } from '@kits/core-inventory';\nconst m = await import('@kits/kernel');\n",
      'plugins/core-sales/src/server/b.ts':
        'const id = 1;\nexport const q = `select location_id from kernel.devices where device_id = ${id}`;\nexport const r = "update inventory.levels set on_hand = 0";\n',
    });

    const result = checkBoundaries(root);

    expect(result.violations.map(({ file, line, rule }) => `${file}:${line} ${rule}`)).toEqual([
      'till/src/relative.ts:1 till-imports-a-plugin',
      'till/app/screen.tsx:1 till-imports-a-plugin',
      'office/app/page.tsx:1 office-or-kit-imports-a-plugin',
      'ui-kit/src/table.tsx:1 office-or-kit-imports-a-plugin',
      'plugins/core-sales/src/server/a.ts:1 plugin-imports-another-plugin',
      'plugins/core-sales/src/server/a.ts:2 plugin-imports-the-kernel',
      'plugins/core-sales/src/server/b.ts:2 sql-names-another-schema',
      'plugins/core-sales/src/server/b.ts:3 sql-names-another-schema',
    ]);
    expect(result.violations[6]!.message).toBe(
      "@kits/core-sales's SQL reads kernel.devices, which belongs to the kernel: ask for it through the plugin context or a capability, never another schema's tables",
    );
  });
});

describe('deps:check on the workspace packages', () => {
  /** npm workspaces: the SDK, the kernel (on the SDK) and the registry (on the SDK), as package.json files. */
  const workspaces = (kernelDependencies: Record<string, string>): Record<string, string> => ({
    'package.json': JSON.stringify({ name: 'house', workspaces: ['plugin-sdk', 'kernel', 'registry'] }),
    'plugin-sdk/package.json': JSON.stringify({ name: '@kits/plugin-sdk' }),
    'kernel/package.json': JSON.stringify({ name: '@kits/kernel', dependencies: kernelDependencies }, null, 2),
    'registry/package.json': JSON.stringify({ name: '@kits/registry', dependencies: { '@kits/plugin-sdk': '1.0.0' } }, null, 2),
  });

  it('passes packages that depend one way, tests included', () => {
    const root = repository({
      ...workspaces({ '@kits/plugin-sdk': '1.0.0', '@kits/registry': '1.0.0' }),
      'kernel/src/kernel.ts': "import { PluginRegistry } from '@kits/registry';\nimport { definePlugin } from '@kits/plugin-sdk';\n",
      'kernel/test/boots.test.ts': "import { createTestKernel } from '@kits/kernel/test-kit';\n",
      'registry/src/routes.ts': "import { DomainError } from '@kits/plugin-sdk';\n",
    });

    expect(checkBoundaries(root).violations).toEqual([]);
  });

  it('names every line that closes a circle: a declaration, an import from source or from a test, a relative path', () => {
    const root = repository({
      ...workspaces({ '@kits/plugin-sdk': '1.0.0', '@kits/registry': '1.0.0' }),
      'kernel/src/kernel.ts': "import { PluginRegistry } from '@kits/registry';\n",
      // The SDK's test kit booting a kernel, and the registry's service on the kernel's HTTP host.
      'plugin-sdk/src/test-kit/index.ts': "export { pluginRole } from '@kits/kernel';\n",
      'registry/src/main.ts': "import { createHttpApp } from '@kits/kernel';\n",
      'registry/test/harness.ts': "const x = 1;\nimport { openDatabase } from '../../kernel/src/db/database.ts';\n",
    });

    const found = checkBoundaries(root).violations.filter((violation) => violation.rule === 'packages-depend-in-a-cycle');

    expect(found.map(({ file, line }) => `${file}:${line}`).sort()).toEqual(
      [
        'kernel/package.json:4',
        'kernel/package.json:5',
        'kernel/src/kernel.ts:1',
        'plugin-sdk/src/test-kit/index.ts:1',
        // The registry on the SDK is inside the circle too: the SDK reaches the registry through the kernel.
        'registry/package.json:4',
        'registry/test/harness.ts:2',
        'registry/src/main.ts:1',
      ].sort(),
    );
    expect(found.find((violation) => violation.file === 'registry/src/main.ts')!.message).toBe(
      '@kits/registry imports @kits/kernel, closing a circle (@kits/registry → @kits/kernel → @kits/registry): packages depend one way; move what both need into the lower package, or what needs both into a package above them',
    );
  });
});
