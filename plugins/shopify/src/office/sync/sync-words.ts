import type { OfficePluginContext } from '@kits/plugin-sdk/office';
import type { Reconciliation, SyncArea, SyncFailure } from '../shopify-api.ts';

export const AREA_LABELS: Readonly<Record<SyncArea, string>> = {
  stock: 'Stock',
  catalog: 'Catalog',
  orders: 'Orders',
  connection: 'Connection',
};

/** A location's name as the person's session knows it. */
export const locationName = (context: OfficePluginContext, locationId: string | null): string =>
  locationId === null ? '—' : (context.session.locations.find((location) => location.id === locationId)?.name ?? 'Another location');

/** "3 items" / "one item" / "nothing". */
export function countText(count: number, one: string, many: string): string {
  return count === 0 ? 'Nothing' : count === 1 ? `1 ${one}` : `${count} ${many}`;
}

/** What a reconciliation run by hand answered, in a line. */
export function reconcileText(run: Reconciliation): string {
  const repaired = run.repaired.length;
  if (run.state === 'failed') return `Reconciling stopped: ${run.error ?? 'Shopify could not be asked.'}`;
  if (run.state === 'running') return `Reconciling: ${run.checked} levels compared so far; the rest goes on in the background.`;
  return `Compared ${run.checked} levels: ${repaired === 0 ? 'all equal' : repaired === 1 ? 'repaired one' : `repaired ${repaired}`}`;
}

/** What a failure is about, as a merchant says it: "Ceramic Mug at Depot", "Order 1001", "Webhook orders/create". */
export function failureSubject(context: OfficePluginContext, failure: SyncFailure): string {
  const level = /^variant:[0-9a-f-]{36}@location:([0-9a-f-]{36})$/.exec(failure.target);
  if (level) return `${failure.itemName ?? 'An item'} at ${locationName(context, level[1]!)}`;
  if (/^product:/.test(failure.target)) return failure.itemName ?? 'A product';
  const order = /^gid:\/\/shopify\/Order\/(\d+)$/.exec(failure.target);
  if (order) return `Shopify order ${order[1]}`;
  const webhook = /^webhook ([A-Z_]+)$/.exec(failure.target);
  if (webhook) return `Webhook ${webhook[1]!.toLowerCase().replace('_', '/')}`;
  if (failure.target === 'shop') return 'Every level (the whole store)';
  if (failure.target === 'polling') return 'Looking for new orders';
  return failure.target;
}
