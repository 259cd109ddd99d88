import { fileURLToPath } from 'node:url';

/** The package folder of a first-party plugin (`plugins/<name>`), the same package `npm start` loads. */
export const firstPartyPlugin = (name: string): string => fileURLToPath(new URL(`../plugins/${name}`, import.meta.url));

/** What a till needs on the server to sell: the inventory and sales plugins, in the order they are enabled. */
export const SHOP_PLUGINS = [firstPartyPlugin('core-inventory'), firstPartyPlugin('core-sales')] as const;
