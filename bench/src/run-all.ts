// `npm run bench [-- start dispatch inventory sales till office card reports shopify accounting devices labels webhooks]`: runs every benchmark (or those named) and appends
// the figures to bench/RESULTS.md. Exits non-zero when a named target is missed.
import { benchAccounting } from './accounting/accounting-bench.ts';
import { benchCardVsCash } from './card-vs-cash.ts';
import { benchDeviceHeartbeats } from './devices/heartbeats-bench.ts';
import { benchDispatch } from './dispatch-vs-bare-fastify.ts';
import { benchInventoryLookups } from './inventory-lookups.ts';
import { benchShelfLabels } from './labels/shelf-labels-bench.ts';
import { benchStartToReady } from './kernel-start-to-ready.ts';
import { benchOfficeProducts } from './office-products.ts';
import { benchReports } from './reports/reports-bench.ts';
import { benchSales } from './sales-checkout.ts';
import { benchShopify } from './shopify/shopify-bench.ts';
import { benchTillCheckout } from './till-checkout.ts';
import { benchWebhooks } from './webhooks/webhooks-bench.ts';

const named = process.argv.slice(2);
const wanted = (name: string) => named.length === 0 || named.includes(name);
const failures: string[] = [];
if (wanted('start')) {
  const start = await benchStartToReady();
  if (start.warmMs >= 2000) failures.push(`kernel ready in ${start.warmMs.toFixed(0)} ms (target < 2000 ms)`);
}
if (wanted('dispatch')) {
  for (const db of ['pglite', 'postgres'] as const) {
    const { ratio } = await benchDispatch(db);
    if (ratio < 0.6) failures.push(`dispatch on ${db} at ${(ratio * 100).toFixed(0)}% of bare Fastify (target ≥ 60%)`);
  }
}
if (wanted('inventory')) {
  const inventory = await benchInventoryLookups();
  if (!inventory.passed) failures.push('core-inventory lookup latencies (see RESULTS.md)');
}
if (wanted('sales')) {
  const sales = await benchSales();
  if (!sales.passed) failures.push('core-sales checkout, sync or memory (see RESULTS.md)');
}
if (wanted('till')) {
  const till = await benchTillCheckout();
  if (!till.passed) failures.push('till scan-to-line, cold start or sync (see RESULTS.md)');
}
if (wanted('office')) {
  const office = await benchOfficeProducts();
  if (!office.passed) failures.push('back office product list: API p99, cold load or JavaScript size (see RESULTS.md)');
}
if (wanted('card')) {
  const card = await benchCardVsCash();
  if (!card.passed) failures.push(`a card sale costs the kernel ${card.ratio.toFixed(2)}× the CPU of a cash sale (target ≤ 2×)`);
}
if (wanted('reports')) {
  const reports = await benchReports();
  if (!reports.passed)
    failures.push('reports: dashboard or 90-day report p99, a sale into the rollups p99, or a rebuild or export check (see RESULTS.md)');
}
if (wanted('shopify')) {
  const shopify = await benchShopify();
  if (!shopify.passed) failures.push('shopify: a till sale to Shopify p99, or the first sync within the throttle budget (see RESULTS.md)');
}
if (wanted('accounting')) {
  const accounting = await benchAccounting();
  if (!accounting.passed)
    failures.push(
      'accounting: the journals at the QuickBooks double are not one balanced journal per day equal to the generated sales (see the log)',
    );
}
if (wanted('devices')) {
  const devices = await benchDeviceHeartbeats();
  if (!devices.passed) failures.push('devices: some heartbeats were not answered 200 (see RESULTS.md)');
}
if (wanted('labels')) {
  const labels = await benchShelfLabels();
  if (!labels.passed) failures.push('labels: 1,000 shelf labels from the price-change queue did not all reach the printer');
}
if (wanted('webhooks')) {
  const webhooks = await benchWebhooks();
  if (!webhooks.passed)
    failures.push(
      'webhooks: event-to-receiver p99 ≥ 1 s with 10 endpoints, or the healthy p99 moved > 20 % with 20 of 100 endpoints timing out',
    );
}
if (failures.length > 0) {
  process.stderr.write(`Targets missed:\n- ${failures.join('\n- ')}\n`);
  process.exitCode = 1;
}
