import { fileURLToPath } from 'node:url';

export type { RegistryDatabase, RegistrySql } from './database.ts';
export { ReleaseFiles } from './release-files.ts';
export {
  PluginRegistry,
  type PluginDetail,
  type PluginListing,
  type Publisher,
  type PublishInput,
  type Release,
  type ReleaseSummary,
  type RegistryLog,
} from './plugin-registry.ts';
export { registryRoutes, type RegistryRouteOptions } from './routes.ts';
export { operatorTokenAuthorizer } from './operator-token.ts';
export { loadRegistryConfig, RegistryConfigError, type RegistryConfig } from './config.ts';

/** The registry's schema. Its migrations run with the kernel's runner, without tenant access. */
export const REGISTRY_SCHEMA = 'registry';
export const REGISTRY_MIGRATIONS: string = fileURLToPath(new URL('../migrations', import.meta.url));
