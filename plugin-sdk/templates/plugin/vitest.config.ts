import { defineConfig } from 'vitest/config';

// Each test file starts a real kernel (PGlite or PostgreSQL, every migration): give its hooks time.
export default defineConfig({ test: { hookTimeout: 120_000, testTimeout: 60_000 } });
