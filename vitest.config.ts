import { defaultClientConditions, defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Workspace packages resolve to their TypeScript sources through the `@kits/source` condition.
const SOURCE = '@kits/source';

export default defineConfig({
  resolve: { conditions: [SOURCE, ...defaultClientConditions] },
  // Without 'module': vitest hands these conditions to Node (`--conditions`), and packages whose
  // exports list a bundler-only ES build under 'module' (the AWS SDK's) then fail to load in Node.
  ssr: {
    resolve: { conditions: [SOURCE, ...defaultServerConditions.filter((c) => c !== 'module')], externalConditions: [SOURCE] },
  },
  test: {
    include: ['{kernel,plugin-sdk,registry,till,office,ui-kit,reliability,deploy,testing,boundaries,plugins/*}/{test,src}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**', '**/templates/**'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // Most suites wait on PostgreSQL, RabbitMQ, a browser or a timer: three workers keep two cores busy.
    maxWorkers: 3,
  },
});
