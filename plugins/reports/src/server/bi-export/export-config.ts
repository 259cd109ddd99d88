import type { BiExportSettings } from '../settings.ts';

/** The BI export's settings once every one it needs is there (defaults as in package.json). */
export interface BiExportConfig {
  readonly bucket: string;
  /** "" or a path without leading or trailing slash. */
  readonly prefix: string;
  readonly endpoint: string | undefined;
  readonly region: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly forcePathStyle: boolean;
  /** The local hour after which yesterday is exported. */
  readonly hour: number;
}

/** The defaults of package.json's `biExport` schema, for settings saved before a key existed. */
export const BI_EXPORT_DEFAULTS = { prefix: 'kits-pos', region: 'us-east-1', forcePathStyle: false, hour: 3 } as const;

export type BiExportReadiness =
  | { readonly ready: true; readonly config: BiExportConfig }
  /** `missing` names each setting to set, as dotted paths (`biExport.bucket`). */
  | { readonly ready: false; readonly missing: readonly string[] };

/**
 * Whether the tenant's settings let the export run. Credentials are required, never taken from
 * the kernel's environment: a tenant must not write with the operator's own AWS identity.
 */
export function biExportReadiness(settings: BiExportSettings | undefined): BiExportReadiness {
  const s = settings ?? {};
  const missing: string[] = [];
  if (s.enabled !== true) missing.push('biExport.enabled');
  if (!s.bucket) missing.push('biExport.bucket');
  if (!s.accessKeyId) missing.push('biExport.accessKeyId');
  if (!s.secretAccessKey) missing.push('biExport.secretAccessKey');
  if (missing.length > 0 || !s.bucket || !s.accessKeyId || !s.secretAccessKey) return { ready: false, missing };
  return {
    ready: true,
    config: {
      bucket: s.bucket,
      prefix: s.prefix ?? BI_EXPORT_DEFAULTS.prefix,
      endpoint: s.endpoint ? s.endpoint : undefined,
      region: s.region ?? BI_EXPORT_DEFAULTS.region,
      accessKeyId: s.accessKeyId,
      secretAccessKey: s.secretAccessKey,
      forcePathStyle: s.forcePathStyle ?? BI_EXPORT_DEFAULTS.forcePathStyle,
      hour: s.hour ?? BI_EXPORT_DEFAULTS.hour,
    },
  };
}

/** Where a day's files live: `<prefix>/date=YYYY-MM-DD/` (Hive-style, so BI tools see `date` as a partition). */
export function dayFolder(config: Pick<BiExportConfig, 'prefix'>, day: string): string {
  return `${config.prefix ? `${config.prefix}/` : ''}date=${day}/`;
}
