import { fileURLToPath } from 'node:url';

/** Folder of a test plugin under kernel/test/fixtures/plugins. */
export const fixturePlugin = (name: string): string => fileURLToPath(new URL(`../fixtures/plugins/${name}`, import.meta.url));
