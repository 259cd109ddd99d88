import type { FactColumnType, FactName, FactTable } from './fact-tables.ts';
import type { WrittenFile } from './parquet-file.ts';

/**
 * The version of the files' layout and columns. Readers check it; it goes up when a column is
 * added (at the end), and a change that breaks readers would need a new major and a new prefix.
 */
export const MANIFEST_SCHEMA_VERSION = 1;

/** The name of the document that commits a day: readers follow it, never a listing of the folder. */
export const MANIFEST_NAME = 'manifest.json';

export interface ManifestFile extends WrittenFile {
  readonly fact: FactName;
  /** The object's key in the bucket. */
  readonly key: string;
  readonly columns: ReadonlyArray<{ readonly name: string; readonly type: FactColumnType; readonly nullable: boolean }>;
}

/** `<prefix>/date=YYYY-MM-DD/manifest.json`: what one export of one day wrote. */
export interface BiExportManifest {
  readonly schemaVersion: number;
  readonly tenantId: string;
  /** The local calendar day exported. */
  readonly day: string;
  /** The tenant's time zone, which makes `day` the instants [from, to). */
  readonly timezone: string;
  readonly from: string;
  readonly to: string;
  /** The tenant's currency (each money column still has its own currency column). */
  readonly currency: string;
  /** This export's id: its files are under `run=<runId>/`. */
  readonly runId: string;
  readonly generatedAt: string;
  readonly files: readonly ManifestFile[];
}

export function manifestFile(table: FactTable, key: string, written: WrittenFile): ManifestFile {
  return {
    fact: table.name,
    key,
    ...written,
    columns: table.columns.map(({ name, type, nullable }) => ({ name, type, nullable })),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The tenant named by a manifest already in the bucket (to refuse a prefix another tenant writes to). */
export function manifestTenant(value: unknown): string | undefined {
  return isRecord(value) && typeof value.tenantId === 'string' ? value.tenantId : undefined;
}
