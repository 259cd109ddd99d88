export * from './errors.ts';
export * from './events.ts';
export * from './capabilities.ts';
export * from './server-context.ts';
export * from './till-context.ts';
export * from './manifest/manifest.ts';
export { Type } from 'typebox';
export type { Static, TSchema } from 'typebox';
export * from './inventory-capability.ts';
