import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conflict, timestampKeySql, type PluginLogger, type TenantTransaction } from '@kits/plugin-sdk';
import { dayFolder, type BiExportConfig } from './export-config.ts';
import { recordExport } from './export-records.ts';
import { factPages, type DayBounds } from './fact-pages.ts';
import { FACT_TABLES } from './fact-tables.ts';
import {
  MANIFEST_NAME,
  MANIFEST_SCHEMA_VERSION,
  manifestFile,
  manifestTenant,
  type BiExportManifest,
  type ManifestFile,
} from './manifest.ts';
import { s3ObjectStore, type ObjectStore } from './object-store.ts';
import { writeParquetFile } from './parquet-file.ts';

/** A run's folder inside a day's folder; only these are ever deleted (other objects there are left alone). */
const RUN_FOLDER = /^run=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\//;

export interface DayExport {
  readonly tx: TenantTransaction;
  readonly log: PluginLogger;
  readonly config: BiExportConfig;
  /** The local calendar day (YYYY-MM-DD) to export. */
  readonly day: string;
  readonly now: Date;
  /** The Parquet files' `created_by`. */
  readonly createdBy: string;
}

/**
 * Exports one day of the tenant's facts, replacing any earlier export of it, so that a reader
 * following the manifest sees the old export or the new one, never a mix:
 *   1. each fact's Parquet file under a new `run=<uuid>/` folder;
 *   2. then `manifest.json`, naming those files — the commit point;
 *   3. then the earlier runs' files are deleted (a failure there is logged; the next run retries).
 * A failure before 2 leaves the earlier manifest and its files as they were, and the transaction
 * rolls back the day's record in `reports.bi_exports` with it. Two exports of one
 * day never run at once (a transaction-scoped advisory lock; the second is refused with 409).
 */
export async function exportDay(request: DayExport): Promise<BiExportManifest> {
  const { tx, config, day } = request;
  const [lock] = await tx.query<{ locked: boolean }>('select pg_try_advisory_xact_lock(hashtextextended($1, 0)) as locked', [
    `reports:bi-export:${tx.tenantId}:${day}`,
  ]);
  if (!lock?.locked) throw conflict('reports.bi_export_running', `An export of ${day} is running already; try again when it has finished.`);

  const tenant = await tx.directory.tenant();
  const [bounds] = await tx.query<DayBounds>(
    `select ${timestampKeySql('($1::date::timestamp at time zone $2::text)')} as "from",
            ${timestampKeySql('(($1::date + 1)::timestamp at time zone $2::text)')} as "to"`,
    [day, tenant.timezone],
  );

  const store = s3ObjectStore(config, request.log);
  try {
    const folder = dayFolder(config, day);
    const manifestKey = `${folder}${MANIFEST_NAME}`;
    const current = await store.getJson(manifestKey);
    if (current !== undefined && manifestTenant(current) !== tx.tenantId) {
      throw conflict(
        'reports.bi_export_prefix_taken',
        `s3://${config.bucket}/${manifestKey} was not written by this shop's export; give this shop its own BI export prefix (biExport.prefix).`,
        { bucket: config.bucket, key: manifestKey },
      );
    }

    const runId = randomUUID();
    const runFolder = `${folder}run=${runId}/`;
    const files = await writeRun(request, store, runFolder, bounds!);
    const manifest: BiExportManifest = {
      schemaVersion: MANIFEST_SCHEMA_VERSION,
      tenantId: tx.tenantId,
      day,
      timezone: tenant.timezone,
      from: bounds!.from,
      to: bounds!.to,
      currency: tenant.currency,
      runId,
      generatedAt: request.now.toISOString(),
      files,
    };
    // Recorded first (it commits with the transaction, or not at all): a transaction that has
    // ended — the handler's time ran out — fails here, before the bucket's manifest changes.
    await recordExport(tx, manifest, request.now);
    await store.putJson(manifestKey, manifest);
    await deleteEarlierRuns(request, store, folder, runFolder);
    request.log.info({ day, runId, rows: Object.fromEntries(files.map((f) => [f.fact, f.rows])) }, 'BI export written');
    return manifest;
  } finally {
    store.close();
  }
}

/** Writes and uploads the day's files, one fact at a time through one temporary file each. */
async function writeRun(request: DayExport, store: ObjectStore, runFolder: string, bounds: DayBounds): Promise<ManifestFile[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'kits-bi-export-'));
  try {
    const files: ManifestFile[] = [];
    for (const table of FACT_TABLES) {
      const path = join(scratch, `${table.name}.parquet`);
      const written = await writeParquetFile(path, table.columns, factPages(request.tx, table, bounds), request.createdBy);
      const key = `${runFolder}${table.name}.parquet`;
      await store.putFile(key, path, written);
      await rm(path);
      files.push(manifestFile(table, key, written));
    }
    return files;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** Deletes the files of the day's other runs: the replaced export, and any run that failed before its manifest. */
async function deleteEarlierRuns(request: DayExport, store: ObjectStore, folder: string, runFolder: string): Promise<void> {
  try {
    const earlier = (await store.listKeys(folder)).filter((key) => !key.startsWith(runFolder) && RUN_FOLDER.test(key.slice(folder.length)));
    await store.deleteKeys(earlier);
  } catch (error) {
    // The new manifest is in place, so the export stands; what is left is deleted by the day's next run.
    request.log.warn({ err: error, day: request.day }, 'BI export written, but the files of earlier runs could not be deleted');
  }
}
