import pg from 'pg';
import { percentile, type LoadStats } from './terminals.ts';

/** What the database holds after a run, against what the terminals were told. */
export interface SalesCheck {
  /** Each broken guarantee, in a sentence; none when all held. */
  readonly failures: string[];
  readonly unitsOversold: number;
  readonly unitsSold: number;
  readonly unitsReceived: number;
  /** Variants whose stock differs from their ledger or from received − sold. */
  readonly offLedger: number;
  /** Accepted sales not in the database. */
  readonly missing: number;
  /** Completed sales no terminal was told were accepted. */
  readonly unaccounted: number;
  readonly receiptsTwice: number;
  readonly events: { readonly published: number; readonly delivered: number; readonly twice: number; readonly unknown: number };
  /** How long every event took to reach the event log plugin after the run (ms). */
  readonly deliveryWaitMs: number;
}

/**
 * Checks a run against the database it ran on: no unit oversold, stock equal to its ledger and
 * to received − sold, every accepted sale there exactly once and no other, no receipt number twice,
 * every replay answered as the first time, every sales and inventory event delivered to the event
 * log plugin (bench/plugins/eventlog) exactly once — waiting up to `deliveryWaitMs` for the last.
 */
export async function checkSales(
  databaseUrl: string,
  stats: LoadStats,
  options: { readonly deliveryWaitMs: number; readonly tenantSlug?: string },
): Promise<SalesCheck> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // Every query is about one tenant (the shop of the run) when a slug is given, or all of them.
    const tenant = options.tenantSlug
      ? String((await db.query('select tenant_id from kernel.tenants where slug = $1', [options.tenantSlug])).rows[0].tenant_id)
      : null;
    const rows = async (sql: string) => (await db.query(sql, [tenant])).rows as Array<Record<string, unknown>>;
    const undelivered = async () =>
      Number(
        (
          await rows(
            `select count(*) as n from kernel.outbox o
              where (o.type like 'sales.%' or o.type like 'inventory.%') and ($1::uuid is null or o.tenant_id = $1)
                and not exists (select 1 from eventlog.deliveries d where d.tenant_id = o.tenant_id and d.event_id = o.event_id)`,
          )
        )[0]!.n,
      );
    const waitStarted = Date.now();
    for (const until = Date.now() + options.deliveryWaitMs; (await undelivered()) > 0 && Date.now() < until;)
      await new Promise((resolve) => setTimeout(resolve, 250));
    const deliveryWaitMs = Date.now() - waitStarted;
    await new Promise((resolve) => setTimeout(resolve, 2000)); // a late second delivery would show now

    const [oversold] = await rows(
      'select count(*)::int as levels, coalesce(sum(-on_hand), 0)::int as units from inventory.stock_levels where on_hand < 0 and ($1::uuid is null or tenant_id = $1)',
    );
    const ledger = await rows(
      `select l.variant_id, l.on_hand::int as on_hand,
              (select coalesce(sum(m.quantity), 0)::int from inventory.stock_movements m where m.variant_id = l.variant_id and m.location_id = l.location_id) as ledger,
              (select coalesce(sum(m.quantity), 0)::int from inventory.stock_movements m
                where m.variant_id = l.variant_id and m.location_id = l.location_id and m.kind = 'receive') as received,
              (select coalesce(sum(sl.quantity), 0)::int from sales.sale_lines sl join sales.sales s on s.tenant_id = sl.tenant_id and s.sale_id = sl.sale_id
                where s.status = 'completed' and sl.variant_id = l.variant_id) as sold
         from inventory.stock_levels l where ($1::uuid is null or l.tenant_id = $1)`,
    );
    const completed = await rows(
      "select sale_id::text as id from sales.sales where status = 'completed' and ($1::uuid is null or tenant_id = $1)",
    );
    const [receipts] = await rows(
      "select count(*)::int as sales, count(distinct (device_id, receipt_number))::int as receipts from sales.sales where status = 'completed' and ($1::uuid is null or tenant_id = $1)",
    );
    const [events] = await rows(
      `select (select count(*)::int from kernel.outbox where (type like 'sales.%' or type like 'inventory.%') and ($1::uuid is null or tenant_id = $1)) as published,
              (select count(*)::int from eventlog.deliveries where $1::uuid is null or tenant_id = $1) as delivered,
              (select count(*)::int from (select event_id from eventlog.deliveries where $1::uuid is null or tenant_id = $1
                                           group by tenant_id, event_id having count(*) > 1) twice) as twice,
              (select count(*)::int from eventlog.deliveries d where ($1::uuid is null or d.tenant_id = $1)
                  and not exists (select 1 from kernel.outbox o where o.tenant_id = d.tenant_id and o.event_id = d.event_id)) as unknown`,
    );

    const inDb = new Set(completed.map((row) => String(row.id)));
    const missing = [...stats.accepted].filter((id) => !inDb.has(id)).length;
    const unaccounted = [...inDb].filter((id) => !stats.accepted.has(id)).length;
    const offLedger = ledger.filter((row) => row.on_hand !== row.ledger || row.on_hand !== Number(row.received) - Number(row.sold));
    const receiptsTwice = Number(receipts!.sales) - Number(receipts!.receipts);
    const e = {
      published: Number(events!.published),
      delivered: Number(events!.delivered),
      twice: Number(events!.twice),
      unknown: Number(events!.unknown),
    };

    const failures: string[] = [];
    if (Number(oversold!.levels) !== 0) failures.push(`${oversold!.units} units oversold on ${oversold!.levels} stock levels`);
    if (offLedger.length > 0)
      failures.push(
        `stock differs from its ledger or from received − sold for ${offLedger.length} variants: ${JSON.stringify(offLedger.slice(0, 3))}`,
      );
    if (missing > 0) failures.push(`${missing} accepted sales are missing`);
    if (unaccounted > 0) failures.push(`${unaccounted} completed sales no terminal was told were accepted`);
    if (receiptsTwice !== 0) failures.push(`${receiptsTwice} receipt numbers used twice`);
    if (stats.replayMismatches.length > 0)
      failures.push(
        `${stats.replayMismatches.length} replays answered otherwise than the first time: ${stats.replayMismatches.slice(0, 3).join('; ')}`,
      );
    if (stats.unanswered > 0) failures.push(`${stats.unanswered} sales or events never got a final answer`);
    if (e.twice !== 0 || e.unknown !== 0 || e.delivered !== e.published)
      failures.push(`events: ${JSON.stringify(e)} (each published event must be delivered once)`);
    if (stats.accepted.size === 0 || stats.denied === 0)
      failures.push('the run proved nothing: no sale accepted, or stock never ran short');
    const internal = [...stats.errors].filter(([what]) => / 500 /.test(what));
    if (internal.length > 0) failures.push(`500 answers: ${internal.map(([what, n]) => `${what} ×${n}`).join(', ')}`);

    return {
      failures,
      unitsOversold: Number(oversold!.units),
      unitsSold: ledger.reduce((sum, row) => sum + Number(row.sold), 0),
      unitsReceived: ledger.reduce((sum, row) => sum + Number(row.received), 0),
      offLedger: offLedger.length,
      missing,
      unaccounted,
      receiptsTwice,
      events: e,
      deliveryWaitMs,
    };
  } finally {
    await db.end();
  }
}

/** The figures of a run as the rows of a bench/RESULTS.md table (`| figure | value |`). */
export function figureRows(stats: LoadStats, check: SalesCheck, elapsedSeconds: number): string[] {
  const errors = [...stats.errors].map(([what, n]) => `${what} ×${n}`).join(', ');
  return [
    `| sales accepted (online + offline) | ${stats.accepted.size} (${(stats.accepted.size / elapsedSeconds).toFixed(1)}/s over ${elapsedSeconds.toFixed(1)} s) |`,
    `| units sold / received | ${check.unitsSold} / ${check.unitsReceived} |`,
    `| sales denied for want of stock | ${stats.denied} |`,
    `| offline sale events pushed | ${stats.syncEvents} |`,
    `| online checkout p50 / p99 | ${percentile(stats.latencies.online, 50).toFixed(1)} / ${percentile(stats.latencies.online, 99).toFixed(1)} ms (${stats.latencies.online.length} answers) |`,
    `| sync push p50 / p99 | ${percentile(stats.latencies.push, 50).toFixed(1)} / ${percentile(stats.latencies.push, 99).toFixed(1)} ms (${stats.latencies.push.length} answers) |`,
    `| replays (same key / same batch) / answered otherwise than the first time | ${stats.replays} / ${stats.replayMismatches.length} |`,
    `| errors (each sent again until answered) | ${stats.errorCount}${errors ? ` (${errors})` : ''} |`,
    `| units oversold | ${check.unitsOversold} |`,
    `| accepted sales missing / completed sales not accepted / receipt numbers twice | ${check.missing} / ${check.unaccounted} / ${check.receiptsTwice} |`,
    `| variants whose stock ≠ ledger or ≠ received − sold | ${check.offLedger} |`,
    `| events published / delivered to the event log / delivered twice | ${check.events.published} / ${check.events.delivered} / ${check.events.twice} |`,
  ];
}
