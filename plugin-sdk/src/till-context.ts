/**
 * What a plugin's till entry gets (DESIGN §4): `@kits/plugin-sdk/till`. The till serves this
 * module to plugin bundles as one file (bundled by till/vite.config.ts), so its parts import only
 * each other. Examples of each extension point are in plugin-sdk/README.md (“The till side”).
 */
export * from './till-context/api.ts';
export * from './till-context/approvals.ts';
export * from './till-context/catalog.ts';
export * from './till-context/collections.ts';
export * from './till-context/device-state.ts';
export * from './till-context/events.ts';
export * from './till-context/hardware.ts';
export * from './till-context/ids.ts';
export * from './till-context/plugin.ts';
export * from './till-context/plugin-listing.ts';
export * from './till-context/receipt.ts';
export * from './till-context/resolution.ts';
export * from './till-context/sale-screen.ts';
export * from './till-context/session.ts';
export * from './till-context/slots.ts';
export * from './till-context/withheld-event.ts';
