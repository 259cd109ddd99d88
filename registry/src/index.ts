import { fileURLToPath } from 'node:url';

export type { RegistryDatabase, RegistrySql } from './database.ts';
export { ReleaseFiles } from './release-files.ts';
export { PluginRegistry, type PublishInput, type RegistryLog } from './plugin-registry.ts';
export type { PluginDetail, PluginListing, Publisher, Release, ReleaseSummary } from './release-listings.ts';
export { registryRoutes, type RegistryRouteOptions } from './routes.ts';
export { operatorTokenAuthorizer } from './operator-token.ts';
export { loadRegistryConfig, RegistryConfigError, type RegistryConfig } from './config.ts';

/** The registry's schema. Its migrations run with the kernel's runner, without tenant access. */
export const REGISTRY_SCHEMA = 'registry';
export const REGISTRY_MIGRATIONS: string = fileURLToPath(new URL('../migrations', import.meta.url));
