import type { TestKernel } from '@kits/kernel/test-kit';
import type { EventEnvelope } from '@kits/plugin-sdk';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../src/server/ingest/index.ts';
import { makeShopHistory, type ShopHistory } from './shop-history.ts';
import { DATABASE_KINDS, hourOf, reportsKit, reportsTransaction, settled, snapshot } from './support.ts';

describe.each(DATABASE_KINDS)('each event applies once, on %s', (db) => {
  let kit: TestKernel;
  let shop: ShopHistory;
  let tenant: string;
  beforeAll(async () => {
    kit = await reportsKit(db);
    tenant = kit.tenant.id;
    shop = await makeShopHistory(kit);
    expect(await settled(kit)).toEqual([]);
  });
  afterAll(async () => kit?.close());

  /** The outbox event of the online sale, as the kernel delivers it. */
  const saleEvent = async (): Promise<EventEnvelope> => {
    const [row] = await kit.kernel.db.query<{
      event_id: string;
      type: string;
      version: number;
      source: string;
      occurred_at: Date;
      payload: unknown;
    }>(
      "select event_id, type, version, source, occurred_at, payload from kernel.outbox where tenant_id = $1 and type = 'sales.sale.completed' and payload->>'id' = $2",
      [tenant, shop.onlineSaleId],
    );
    return {
      id: row!.event_id,
      tenantId: tenant,
      type: row!.type,
      version: row!.version,
      source: row!.source,
      occurredAt: new Date(row!.occurred_at).toISOString(),
      payload: row!.payload,
    };
  };
  const deliverAgain = async (eventId: string) => {
    await kit.kernel.db.query(
      "insert into kernel.event_deliveries (tenant_id, event_id, subscriber) values ($1, $2, 'reports:sales.sale.completed')",
      [tenant, eventId],
    );
    expect(await settled(kit)).toEqual([]);
  };

  it('a sale the kernel delivers again, five times, changes nothing (the processed-events record)', async () => {
    const before = await snapshot(kit, tenant);
    const event = await saleEvent();
    for (let i = 0; i < 5; i++) await deliverAgain(event.id);
    expect(await snapshot(kit, tenant)).toEqual(before);
  });

  it('delivered again without its processed-events record, the journal refuses it: still nothing changes', async () => {
    const before = await snapshot(kit, tenant);
    const event = await saleEvent();
    for (let i = 0; i < 3; i++) {
      await kit.kernel.db.query(
        "delete from kernel.processed_events where tenant_id = $1 and event_id = $2 and subscriber = 'reports:sales.sale.completed'",
        [tenant, event.id],
      );
      await deliverAgain(event.id);
    }
    expect(await snapshot(kit, tenant)).toEqual(before);
    const [journaled] = await kit.kernel.db.query<{ n: number }>(
      'select count(*)::int as n from reports.journal where tenant_id = $1 and event_id = $2',
      [tenant, event.id],
    );
    expect(journaled!.n).toBe(1);
  });

  it('one new sale ingested ten times at once is journaled and applied once', async () => {
    const original = await saleEvent();
    const saleId = uuidv7();
    const occurredAt = new Date().toISOString();
    const event: EventEnvelope = {
      ...original,
      id: uuidv7(),
      occurredAt,
      payload: { ...(original.payload as Record<string, unknown>), id: saleId, occurredAt, receivedAt: occurredAt },
    };
    const hour = hourOf(occurredAt);
    const quantityThen = async () =>
      Number(
        (
          await kit.kernel.db.query<{ q: string | null }>(
            'select sum(quantity)::text as q from reports.variant_hours where tenant_id = $1 and variant_id = $2 and hour = $3',
            [tenant, shop.teaId, hour],
          )
        )[0]!.q ?? 0,
      );
    const before = await quantityThen();
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => reportsTransaction(kit, tenant)((sql) => ingestEvents(sql, [event]))),
    );
    expect(outcomes.filter((o) => o.applied)).toHaveLength(1);
    expect(outcomes.reduce((n, o) => n + o.journaled, 0)).toBe(1);
    expect(await quantityThen()).toBe(before + 2);
    const [lines] = await kit.kernel.db.query<{ n: number }>(
      'select count(*)::int as n from reports.sale_lines where tenant_id = $1 and sale_id = $2',
      [tenant, saleId],
    );
    expect(lines!.n).toBe(1);
  });

  it('a sale and its stock movement applied at the same moment book the cost once, race after race', async () => {
    const original = await saleEvent();
    const costThen = async (hour: string) =>
      Number(
        (
          await kit.kernel.db.query<{ cost: string | null }>(
            'select sum(cost)::text as cost from reports.variant_hours where tenant_id = $1 and variant_id = $2 and hour = $3',
            [tenant, shop.teaId, hour],
          )
        )[0]!.cost ?? 0,
      );
    for (let race = 0; race < 10; race++) {
      const saleId = uuidv7();
      // An hour of its own, far back, so nothing else adds to it.
      const occurredAt = new Date(Date.UTC(2020, 0, 1 + race, 10, 15)).toISOString();
      const sale: EventEnvelope = {
        ...original,
        id: uuidv7(),
        occurredAt,
        payload: { ...(original.payload as Record<string, unknown>), id: saleId, occurredAt, receivedAt: occurredAt },
      };
      const moved: EventEnvelope = {
        id: uuidv7(),
        tenantId: tenant,
        type: 'inventory.stock.moved',
        version: 1,
        source: 'core-inventory',
        occurredAt,
        payload: {
          id: uuidv7(),
          variantId: shop.teaId,
          locationId: shop.storeId,
          kind: 'sale',
          quantity: -2,
          reason: null,
          reference: { kind: 'sale', id: saleId },
          occurredAt,
          unitCost: { amount: 450, currency: 'EUR' },
          onHand: 100 + race,
          available: 100 + race,
        },
      };
      const pair = race % 2 === 0 ? [sale, moved] : [moved, sale];
      await Promise.all(pair.map((event) => reportsTransaction(kit, tenant)((sql) => ingestEvents(sql, [event]))));
      expect(await costThen(hourOf(occurredAt))).toBe(900);
    }
  });
});
