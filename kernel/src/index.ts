export { createKernel, KERNEL_VERSION, type Kernel, type KernelOptions } from './kernel.ts';
export { loadConfig, ConfigError, type KernelConfig } from './config/config.ts';
export { readPluginPackage, discoverPlugins, type PluginPackage } from './plugins/discovery.ts';
export { openDatabase, pluginRole, TENANT_ROLE, type Database } from './db/database.ts';
export { migrateSchema, readMigrations, type MigrateOptions } from './db/migrations.ts';
export { createHttpApp } from './http/app.ts';
export { REFERENCE_TABLES, isMigrationLedger, isShopTable } from './db/reference-tables.ts';
