import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@kits/source` condition.
const SOURCE = '@kits/source';

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  ssr: { resolve: { conditions: [SOURCE, ...defaultServerConditions], externalConditions: [SOURCE] } },
  test: {
    include: ['{kernel,plugin-sdk,registry,till,office,ui-kit,reliability,testing,boundaries,plugins/*}/{test,src}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/templates/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
