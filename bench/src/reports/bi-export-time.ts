import type pg from 'pg';
import { send } from '../sales-load/send.ts';

/**
 * The part of reports' S3-compatible test server (plugins/reports/test/bi-export/s3-test-storage.ts:
 * s3rver behind a gateway that checks SigV4 and checksums as S3 does) the bench uses. It is loaded
 * by URL at run time, as card-vs-cash.ts loads stripe-pay's Stripe double: it is that plugin's test
 * code, not a package the bench builds against.
 */
interface TestStorage {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  keys(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}
const S3_TEST_STORAGE = new URL('../../../plugins/reports/test/bi-export/s3-test-storage.ts', import.meta.url).href;

interface RunAnswer {
  readonly manifestKey: string;
  readonly manifest: { readonly files: ReadonlyArray<{ readonly fact: string; readonly rows: number; readonly bytes: number }> };
}

export interface BiExportTime {
  readonly day: string;
  /** Each run's time from request to answer (the first writes the day, the others replace it), ms. */
  readonly runs: readonly number[];
  readonly files: ReadonlyArray<{ readonly fact: string; readonly rows: number; readonly bytes: number }>;
  /** Whether every file holds as many rows as the database has for the day. */
  readonly rowsMatch: boolean;
}

/** The shop's busiest local day of trade (most sales), by the rollups. */
export async function busiestDay(db: pg.Client, tenantId: string, timezone: string): Promise<string> {
  const { rows } = await db.query<{ day: string }>(
    `select to_char((hour at time zone $2)::date, 'YYYY-MM-DD') as day from reports.basket_hours
      where tenant_id = $1 and basis = 'happened' and hour < date_trunc('day', now() at time zone $2) at time zone $2
      group by 1 order by sum(sales) desc limit 1`,
    [tenantId, timezone],
  );
  if (!rows[0]) throw new Error('the shop has no sales to export');
  return rows[0].day;
}

/**
 * Exports one day through `POST /api/v1/reports/bi-export/runs` (as the shop's admin) to a local
 * S3-compatible server, `runs` times (each rerun replaces the day), and checks the manifest's row
 * counts against the database.
 */
export async function measureBiExport(options: {
  readonly url: string;
  readonly adminToken: string;
  readonly db: pg.Client;
  readonly tenantId: string;
  readonly timezone: string;
  readonly runs: number;
}): Promise<BiExportTime> {
  const { startTestStorage } = (await import(S3_TEST_STORAGE)) as { startTestStorage(bucket?: string): Promise<TestStorage> };
  const storage = await startTestStorage('kits-bench-bi');
  try {
    const settings = await send(options.url, 'PUT', '/api/v1/plugins/reports/settings', options.adminToken, {
      deadStockDays: 90,
      biExport: {
        enabled: true,
        bucket: storage.bucket,
        prefix: 'bench/shop',
        endpoint: storage.endpoint,
        region: 'us-east-1',
        accessKeyId: storage.accessKeyId,
        secretAccessKey: storage.secretAccessKey,
        forcePathStyle: true,
        hour: 3,
      },
    });
    if (settings.status !== 200) throw new Error(`reports settings: ${settings.status} ${JSON.stringify(settings.body)}`);
    const day = await busiestDay(options.db, options.tenantId, options.timezone);
    const runs: number[] = [];
    let answer: RunAnswer | undefined;
    for (let run = 0; run < options.runs; run++) {
      const started = performance.now();
      const exported = await send<RunAnswer>(options.url, 'POST', '/api/v1/reports/bi-export/runs', options.adminToken, { day });
      runs.push(performance.now() - started);
      if (exported.status !== 201) throw new Error(`BI export of ${day}: ${exported.status} ${JSON.stringify(exported.body)}`);
      answer = exported.body;
    }
    const { rows } = await options.db.query<{ fact: string; rows: number }>(
      `with bounds as (select ($2::date::timestamp at time zone $3) as "from", (($2::date + 1)::timestamp at time zone $3) as "to")
       select 'sale_lines' as fact, count(*)::int as rows from reports.sale_lines, bounds where tenant_id = $1 and occurred_at >= "from" and occurred_at < "to"
       union all
       select 'tenders', count(*)::int from reports.tenders, bounds where tenant_id = $1 and occurred_at >= "from" and occurred_at < "to"
       union all
       select 'stock_movements', count(*)::int from reports.stock_movements, bounds where tenant_id = $1 and occurred_at >= "from" and occurred_at < "to"`,
      [options.tenantId, day, options.timezone],
    );
    const files = answer!.manifest.files.map(({ fact, rows: count, bytes }) => ({ fact, rows: count, bytes }));
    const rowsMatch = rows.every((row) => files.find((file) => file.fact === row.fact)?.rows === row.rows);
    return { day, runs, files, rowsMatch };
  } finally {
    // Off again: the daily job would otherwise try the storage, gone once the bench ends.
    await send(options.url, 'PUT', '/api/v1/plugins/reports/settings', options.adminToken, {
      deadStockDays: 90,
      biExport: { enabled: false },
    });
    await storage.close();
  }
}
