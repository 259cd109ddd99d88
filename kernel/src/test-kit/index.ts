/**
 * The kernel's test kit: starts a kernel with the plugins under test, a tenant, an admin and a
 * store in a few lines (`createTestKernel`), or `npm start`'s kernel in a process of its own. It
 * lives with the kernel so that the SDK never depends on the kernel; the SDK's own test helpers
 * (scratch PostgreSQL, HTTP client, page walking) are in `@kits/plugin-sdk/test-kit`.
 */
export { createTestKernel, TEST_OPERATOR, type TestKernel, type TestKernelOptions, type TestTenant, type TestTill } from './test-kernel.ts';
export { demoKernelEnv, signInToDemo, startKernelProcess, type KernelProcess } from './kernel-process.ts';
/** The database role a plugin's statements run as (`tx.queryAs(pluginRole('inventory'), …)` in a test). */
export { pluginRole } from '../db/database.ts';
export { startOidcTestProvider, type OidcTestPerson, type OidcTestProvider, type OidcTestProviderOptions } from './oidc-test-provider.ts';
