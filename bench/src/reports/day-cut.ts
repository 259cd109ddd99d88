import { openDatabase, pluginRole } from '@kits/kernel';
import { cutDays, type TransactionRunner } from '@kits/reports/ingest';
import type pg from 'pg';
import { pino } from 'pino';
import type { BenchShop } from './shop-setup.ts';

/**
 * The bench shops' day rollups (reports' days/): a fresh generation writes them as it goes, as the
 * live path does for a tenant whose days are cut; a database generated before they existed gets
 * them cut from its hours by the plugin's own code, as the plugin's job would.
 */

/** Marks the shop's days as cut in its zone before any history is generated: each stretch then adds to days as well as hours. */
export async function markDaysCut(db: pg.Client, shop: BenchShop): Promise<void> {
  await db.query(
    `insert into reports.day_zones (tenant_id, timezone, state, started_at, updated_at, ready_at)
     values ($1, $2, 'ready', now(), now(), now())
     on conflict (tenant_id) do update set timezone = excluded.timezone, state = 'ready', fill_hour = null, fill_span_hours = null,
       ready_at = now(), updated_at = now()`,
    [shop.tenantId, shop.timezone],
  );
}

/** How long cutting a shop's days took, and in how many steps (0 s, 1 step when they were cut already). */
export interface DayCutTime {
  readonly seconds: number;
  readonly steps: number;
}

/**
 * Cuts the shop's days to the end with the plugin's `cutDays` (a step per transaction, as the
 * reports plugin's role, through the kernel's database layer). The kernel's job may be cutting
 * them too: the steps take turns under the tenant's ingest lock.
 */
export async function cutShopDays(databaseUrl: string, shop: BenchShop): Promise<DayCutTime> {
  const db = await openDatabase({ databaseUrl, dataDir: 'memory://' }, [], pino({ level: 'warn' }, pino.destination(2)), {
    maxConnections: 2,
  });
  const transaction: TransactionRunner = (work) =>
    db.transaction({ tenantId: shop.tenantId }, (tx) =>
      work({ tenantId: shop.tenantId, query: (text, params) => tx.queryAs(pluginRole('reports'), text, params) }),
    );
  const started = performance.now();
  try {
    const { steps } = await cutDays({ transaction, timezone: shop.timezone });
    return { seconds: (performance.now() - started) / 1000, steps };
  } finally {
    await db.close();
  }
}
