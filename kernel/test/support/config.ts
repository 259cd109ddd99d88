import { loadConfig, type KernelConfig } from '../../src/config/config.ts';

/** A kernel configuration for tests: in-memory PGlite unless a database URL is given, quiet logs. */
export function testConfig(overrides: Record<string, string | undefined> = {}): KernelConfig {
  return loadConfig(
    {
      DATA_DIR: 'memory://',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      PORT: '0',
      JWT_SECRET: 'test-secret-test-secret-test-secret-0123456789',
      PLUGIN_DIRS: '',
      ...overrides,
    },
    process.cwd(),
  );
}
