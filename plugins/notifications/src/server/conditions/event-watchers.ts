import type { EventSubscriptions, ServiceLocator, TenantTransaction } from '@kits/plugin-sdk';
import type { RuleKind } from '../../shared/rule-kinds.ts';
import { enabledRules } from '../rules/rule-store.ts';
import type { NotificationSettings } from '../settings.ts';
import { atLocation, clear, raise, type Notice } from './conditions.ts';

interface StockLow {
  variantId: string;
  locationId: string;
  available: number;
  reorderPoint: number;
}
interface StockMoved {
  variantId: string;
  locationId: string;
  available: number;
}
interface DeadLettered {
  eventId: string;
  eventType: string;
  subscriber: string;
  attempts: number;
  error: string;
}
interface ExportFailed {
  exportId: string;
  locationId: string;
  day: string;
  sequence: number;
  system: string;
  message: string;
}
interface ShopifyFailure {
  failureId: string;
  area: string;
  target: string;
  message?: string;
}
interface EndpointDisabled {
  endpointId: string;
  url: string;
  failingSince?: string | null;
  lastError?: string | null;
}

/** Raises `notice` for `subject` under every enabled rule of `kind` that applies at `locationId`. */
async function raiseFor(
  tx: TenantTransaction,
  kind: RuleKind,
  locationId: string | null,
  subject: string,
  notice: Notice,
  now: Date,
  detail?: object,
) {
  for (const rule of atLocation(await enabledRules(tx, [kind]), locationId)) await raise(tx, rule, subject, notice, now, detail);
}

async function clearFor(tx: TenantTransaction, kind: RuleKind, subject: string) {
  const rules = await enabledRules(tx, [kind]);
  await clear(
    tx,
    rules.map((r) => r.id),
    subject,
  );
}

const locationName = async (tx: TenantTransaction, id: string) => (await tx.directory.locations([id]))[0]?.name ?? 'a location';

/** The item's name and product (for the link), through inventory@1 when a plugin provides it. */
async function variantOf(tx: TenantTransaction, services: ServiceLocator, variantId: string, locationId: string) {
  if (!services.providerOf('inventory@1')) return undefined;
  const { currency } = await tx.directory.tenant();
  const [variant] = await services.use('inventory@1').sellable([variantId], { currency, locationId });
  return variant;
}

/**
 * The conditions other plugins and the kernel announce by events: what opens each and what clears
 * it (README, "Rules"). Conditions with no clearing event get a subject per occurrence.
 */
export function watchEvents(events: EventSubscriptions<NotificationSettings>): void {
  events.subscribe<StockLow>('inventory.stock.low', async (event, { tx, services }) => {
    const { variantId, locationId, available, reorderPoint } = event.payload;
    const variant = await variantOf(tx, services, variantId, locationId);
    const where = await locationName(tx, locationId);
    const name = variant ? `${variant.name} (${variant.sku})` : `Item ${variantId}`;
    await raiseFor(
      tx,
      'low-stock',
      locationId,
      `${variantId}@${locationId}`,
      {
        title: `Low stock: ${name} at ${where}`,
        body: `${available} available at ${where}, below the reorder point of ${reorderPoint}.`,
        linkPath: variant ? `/core-inventory/products/${variant.productId}` : '/core-inventory/stock',
      },
      new Date(event.occurredAt),
      { reorderPoint },
    );
  });

  // Stock back at or above the reorder point the condition opened with clears it.
  events.subscribe<StockMoved>('inventory.stock.moved', async (event, { tx }) => {
    const { variantId, locationId, available } = event.payload;
    await tx.query(
      `update notifications.conditions c set cleared_at = now()
         from notifications.rules r
        where r.tenant_id = c.tenant_id and r.rule_id = c.rule_id and r.kind = 'low-stock'
          and c.subject = $1 and c.cleared_at is null and $2::int >= (c.detail->>'reorderPoint')::int`,
      [`${variantId}@${locationId}`, available],
    );
  });

  events.subscribe<DeadLettered>('kernel.event.dead_lettered', async (event, { tx }) => {
    const p = event.payload;
    await raiseFor(
      tx,
      'event-dead-lettered',
      null,
      `${p.eventId}/${p.subscriber}`,
      {
        title: `An event was given up on: ${p.eventType}`,
        body: `${p.subscriber} failed ${p.attempts} times on event ${p.eventId} and stopped: ${p.error}`,
        linkPath: '/notifications',
      },
      new Date(event.occurredAt),
    );
  });

  events.subscribe<ExportFailed>('accounting.export.failed', async (event, { tx }) => {
    const p = event.payload;
    const where = await locationName(tx, p.locationId);
    await raiseFor(
      tx,
      'export-failed',
      null,
      `accounting:${p.exportId}`,
      {
        title: `${p.system} export failed: ${where}, ${p.day}`,
        body: `The journal of ${p.day} at ${where} was not posted to ${p.system}: ${p.message}`,
        linkPath: '/accounting',
      },
      new Date(event.occurredAt),
    );
  });
  events.subscribe<{ exportId: string }>('accounting.export.posted', (event, { tx }) =>
    clearFor(tx, 'export-failed', `accounting:${event.payload.exportId}`),
  );

  events.subscribe<ShopifyFailure>('shopify.sync.failed', async (event, { tx }) => {
    const p = event.payload;
    await raiseFor(
      tx,
      'export-failed',
      null,
      `shopify:${p.area}:${p.target}`,
      {
        title: `Shopify ${p.area} sync failed`,
        body: `Syncing ${p.area} (${p.target}) with Shopify failed: ${p.message ?? 'see the sync page'}`,
        linkPath: '/shopify/sync',
      },
      new Date(event.occurredAt),
    );
  });
  events.subscribe<ShopifyFailure>('shopify.sync.recovered', (event, { tx }) =>
    clearFor(tx, 'export-failed', `shopify:${event.payload.area}:${event.payload.target}`),
  );

  // Published by the webhooks plugin; each disablement is its own condition (no event says it was enabled again).
  events.subscribe<EndpointDisabled>('webhooks.endpoint.disabled', async (event, { tx }) => {
    const p = event.payload;
    await raiseFor(
      tx,
      'webhook-disabled',
      null,
      `${p.endpointId}@${p.failingSince ?? event.id}`,
      {
        title: `Webhook endpoint disabled: ${p.url}`,
        body: `${p.url} kept failing${p.failingSince ? ` since ${p.failingSince}` : ''} and was disabled${p.lastError ? `: ${p.lastError}` : '.'} Fix it, then enable it again.`,
        linkPath: '/webhooks',
      },
      new Date(event.occurredAt),
    );
  });
}
