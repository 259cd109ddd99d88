import { createHash } from 'node:crypto';
import { spawnServer, type ServerProcess } from '../spawn-server.ts';
import { createBenchSchema } from './bench-schema.ts';
import {
  benchDatabaseUrl,
  GENERATOR_VERSION,
  openBenchClient,
  recreateBenchDatabase,
  reusableMarker,
  schemaHash,
  writeMarker,
  type BenchMarker,
} from './bench-database.ts';
import { createCatalog, stockStores } from './catalog.ts';
import { cutShopDays, markDaysCut } from './day-cut.ts';
import { generateHistory, registerStores, vacuumReports, type GeneratedHistory } from './generate-history.ts';
import { createCellFunction, salesPerWeight } from './history-cells.ts';
import type { ReportsScale, ShopShape } from './scale.ts';
import { lateAfternoonZone } from './shop-profile.ts';
import { BENCH_OPERATOR, setUpShop, setUpTills, type BenchShop, type BenchTills } from './shop-setup.ts';

const DAY_MS = 86_400_000;

/** What the bench's shops are, as the marker keeps them. */
export interface BenchShops {
  readonly shop: BenchShop;
  readonly tills: BenchTills;
  /** Sales per unit of weight the main shop was calibrated to (a top-up uses the same). */
  readonly salesPerWeight: number;
  readonly rebuildShop: BenchShop;
  /** The main shop's generated history starts here. */
  readonly historyFrom: string;
}

export interface PreparedDatabase {
  readonly server: ServerProcess<{ url: string; pid: number }>;
  readonly databaseUrl: string;
  readonly shops: BenchShops;
  readonly marker: BenchMarker;
  /** How this run came by its database: generated now, or reused (and topped up to now). */
  readonly reused: boolean;
  readonly generated: { readonly shop: GeneratedHistory; readonly rebuildShop: GeneratedHistory } | null;
  readonly topUp: GeneratedHistory | null;
  /** Seconds spent on each part of preparing. */
  readonly took: Readonly<Record<string, number>>;
}

/** The bench kernel's environment: the same keys every run, so a reused database's tokens and stored secrets still work. */
function kernelEnv(databaseUrl: string, seed: number): Record<string, string> {
  const key = (purpose: string) => createHash('sha256').update(`kits-bench-reports:${seed}:${purpose}`).digest('base64url');
  return {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: key('jwt'),
    PLUGIN_SETTINGS_KEY: key('settings'),
    OPERATOR_EMAIL: BENCH_OPERATOR.email,
    OPERATOR_PASSWORD: BENCH_OPERATOR.password,
    LOG_LEVEL: 'warn',
  };
}

const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;

/**
 * The bench database, ready: reused when BENCH_REPORTS_REUSE=1 and its marker matches this run
 * (scale, seed, generator, the plugins' migrations — or the first of them, the kernel adding the
 * newer ones when it starts) — topped up with the sales that arrived since it was generated, and
 * the shops' days cut if they were not — otherwise made again: the kernel migrates it, the shops
 * are set up through its API, their catalogs and histories generated in SQL. Answers with the
 * kernel running on it.
 */
export async function prepareBenchDatabase(scale: ReportsScale, seed: number, log: (line: string) => void): Promise<PreparedDatabase> {
  const databaseUrl = benchDatabaseUrl(scale.name);
  const took: Record<string, number> = {};
  if (process.env.BENCH_REPORTS_REUSE === '1') {
    const reusable = await reusableMarker(scale, seed);
    if ('marker' in reusable) {
      if (reusable.addedMigrations.length > 0)
        log(
          `Reusing it with the migrations added since it was generated, which the kernel applies: ${reusable.addedMigrations.join(', ')}.`,
        );
      return reuse(scale, reusable.marker, seed, log);
    }
    log(`BENCH_REPORTS_REUSE=1, but the bench database is generated again: ${reusable.reason}.`);
  }
  let started = performance.now();
  await recreateBenchDatabase(scale.name);
  const server = await spawnServer<{ url: string; pid: number }>('reports-kernel.ts', kernelEnv(databaseUrl, seed));
  took.migrate = seconds(started);
  const db = await openBenchClient(scale.name);
  try {
    await createBenchSchema(db);
    await createCellFunction(db);

    started = performance.now();
    const { url } = server.ready;
    const timezone = lateAfternoonZone(new Date());
    const shop = await setUpShop(url, { slug: 'bench-shop', shape: scale.shop, seed, timezone });
    const tills = await setUpTills(url, shop, scale.checkout.terminals);
    const rebuildShop = await setUpShop(url, { slug: 'bench-rebuild', shape: scale.rebuildShop, seed: seed + 1, timezone });
    took.setUp = seconds(started);
    log(`Shops set up through the API in ${took.setUp} s: ${shop.stores.length} + ${rebuildShop.stores.length} stores, in ${timezone}.`);

    // Their days are cut (no history yet): each stretch adds to days as well as hours, as the live path does.
    await markDaysCut(db, shop);
    await markDaysCut(db, rebuildShop);

    started = performance.now();
    await createCatalog(db, shop, scale.shop, seed);
    await createCatalog(db, rebuildShop, scale.rebuildShop, seed + 1);
    await stockStores(db, shop, [...new Set([...tills.terminals, tills.probe].map((till) => till.locationId))]);
    await registerStores(db, shop);
    await registerStores(db, rebuildShop);
    took.catalog = seconds(started);

    const now = new Date();
    const history = async (of: BenchShop, shape: ShopShape, journal: boolean) => {
      const from = new Date(now.getTime() - shape.days * DAY_MS);
      const rate = await salesPerWeight(db, of, from, now, shape.saleLines);
      const generated = await generateHistory(db, of, {
        from,
        to: now,
        salesPerWeight: rate,
        seed: of === shop ? seed : seed + 1,
        journal,
        progress: log,
      });
      return { rate, generated, from };
    };
    const main = await history(shop, scale.shop, false);
    took.generateShop = Math.round(main.generated.seconds);
    const rebuilt = await history(rebuildShop, scale.rebuildShop, true);
    took.generateRebuildShop = Math.round(rebuilt.generated.seconds);
    took.vacuum = Math.round(await vacuumReports(db));

    const shops: BenchShops = { shop, tills, salesPerWeight: main.rate, rebuildShop, historyFrom: main.from.toISOString() };
    const marker: BenchMarker = {
      scale: scale.name,
      seed,
      generatorVersion: GENERATOR_VERSION,
      schemaHash: schemaHash(),
      shops,
      generatedThrough: now.toISOString(),
      took,
    };
    await writeMarker(db, marker);
    return {
      server,
      databaseUrl,
      shops,
      marker,
      reused: false,
      generated: { shop: main.generated, rebuildShop: rebuilt.generated },
      topUp: null,
      took,
    };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await db.end();
  }
}

/** Starts the kernel on the generated database and adds the main shop's sales that arrived since it was generated (or last topped up). */
async function reuse(scale: ReportsScale, marker: BenchMarker, seed: number, log: (line: string) => void): Promise<PreparedDatabase> {
  const databaseUrl = benchDatabaseUrl(scale.name);
  const shops = marker.shops as BenchShops;
  const took: Record<string, number> = {};
  let started = performance.now();
  const server = await spawnServer<{ url: string; pid: number }>('reports-kernel.ts', kernelEnv(databaseUrl, seed));
  took.start = seconds(started);
  const db = await openBenchClient(scale.name);
  try {
    started = performance.now();
    const now = new Date();
    const topUp = await generateHistory(db, shops.shop, {
      from: new Date(marker.generatedThrough),
      to: now,
      salesPerWeight: shops.salesPerWeight,
      seed,
      journal: false,
      progress: log,
    });
    await db.query('analyze reports.basket_hours, reports.variant_hours, reports.tender_hours');
    took.topUp = seconds(started);
    // A database generated before day rollups: the plugin cuts its hours into days (a no-op once they are).
    for (const [name, shop] of [
      ['dayCut', shops.shop],
      ['dayCutRebuildShop', shops.rebuildShop],
    ] as const) {
      const cut = await cutShopDays(databaseUrl, shop);
      took[name] = Math.round(cut.seconds * 10) / 10;
      if (cut.steps > 1) log(`  ${shop.slug}: days cut from its hours in ${cut.seconds.toFixed(1)} s (${cut.steps} steps).`);
    }
    await db.query('analyze reports.location_days, reports.category_days, reports.variant_days, reports.basket_days, reports.tender_days');
    const updated: BenchMarker = { ...marker, schemaHash: schemaHash(), generatedThrough: now.toISOString() };
    await writeMarker(db, updated);
    log(
      `Reused ${databaseUrl.replace(/\?.*$/, '')} (generated ${marker.took.generateShop ?? '?'} s, ${JSON.stringify(marker.took)}); topped up ${topUp.saleLines} sale lines since ${marker.generatedThrough}.`,
    );
    return { server, databaseUrl, shops, marker: updated, reused: true, generated: null, topUp, took };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await db.end();
  }
}
