/**
 * What a plugin's office entry gets (DESIGN §4): `@kits/plugin-sdk/office`. The office serves this
 * module to plugin bundles as one file (bundled by office/vite.config.ts), so its parts import only
 * each other. Examples of each slot are in plugin-sdk/README.md (“The office side”).
 */
export * from './office-context/api.ts';
export * from './office-context/hardware.ts';
export * from './office-context/plugin.ts';
export * from './office-context/plugin-listing.ts';
export * from './office-context/search.ts';
export * from './office-context/session.ts';
export * from './office-context/slots.ts';
// The card line receipts print, for the office's receipt previews and sale pages.
export { receiptCardLine, receiptCardParts, type TillReceiptCard } from './payments/card-text.ts';
