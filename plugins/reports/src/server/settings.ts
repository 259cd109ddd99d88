/** The reports plugin's per-tenant settings (package.json `kits.settings` is their JSON Schema). */
export interface ReportsSettings {
  /** Stock on hand with no sale in this many days counts as dead stock (inventory health). */
  readonly deadStockDays: number;
  /** The daily BI export of the facts to S3-compatible storage (bi-export/). */
  readonly biExport?: BiExportSettings;
}

/**
 * Where and when the day's facts are written as Parquet. Every key is optional in storage (a
 * tenant that never set them has none); `bi-export/export-config.ts` says which are missing.
 */
export interface BiExportSettings {
  /** Off by default: the job exports nothing and `POST /bi-export/runs` answers 409 until it is on. */
  readonly enabled?: boolean;
  readonly bucket?: string;
  /** Key prefix inside the bucket, without leading or trailing slash ("" for the bucket's root). */
  readonly prefix?: string;
  /** An S3-compatible service's URL (MinIO, R2, …); empty for AWS S3 itself. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Secret (`x-kits-secret`): stored encrypted, never shown again. */
  readonly accessKeyId?: string;
  /** Secret (`x-kits-secret`): stored encrypted, never shown again. */
  readonly secretAccessKey?: string;
  /** Address the bucket in the path (`endpoint/bucket/key`) rather than the host name; most S3-compatible services want it. */
  readonly forcePathStyle?: boolean;
  /** The local hour (0–23, the tenant's time zone) after which yesterday is exported. */
  readonly hour?: number;
}
