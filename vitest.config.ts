import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@kits/source` condition.
const conditions = ['@kits/source', 'import', 'module', 'node', 'default'];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: conditions } },
  test: {
    include: ['{kernel,plugin-sdk,registry,till,plugins/*}/{test,src}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/templates/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
