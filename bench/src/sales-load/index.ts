// Sales load and its checks, shared by the scale-out bench (bench/src/scale-out.ts) and the crash
// and outage proofs (reliability/test/): a shop, terminals selling online and offline against a
// set of kernels, and the invariants the database must hold afterwards.
export { checkSales, figureRows, type SalesCheck } from './checks.ts';
export { openLoadShop, openTerminals, type LoadShop, type ShopOptions, type Terminal } from './shop.ts';
export { LoadStats, percentile, runTerminals, type KernelUrls, type LoadOptions, type Outcome } from './terminals.ts';
