import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import semver from 'semver';
import manifestSchema from './manifest.schema.json' with { type: 'json' };
import { parseCapability } from '../capabilities.ts';

/** The `kits` key of a plugin's package.json (DESIGN.md section 4). */
export interface PluginManifest {
  readonly id: string;
  readonly displayName: string;
  readonly description?: string;
  /** semver range of kernel versions the plugin runs on */
  readonly kernel: string;
  /** Postgres schema the plugin owns; defaults to the id with dashes as underscores */
  readonly schema?: string;
  /** capabilities this plugin provides, as `name@major` */
  readonly provides?: readonly string[];
  /** capability name → semver range of its major (`{ "inventory": "^1" }`) */
  readonly requires?: Readonly<Record<string, string>>;
  /**
   * capabilities the plugin uses when some enabled plugin provides them, and does without
   * otherwise (`{ "payments": "^1" }`); enabling never waits for them. `services.use` refuses a
   * capability the manifest names in neither `requires`, `optionalRequires` nor `provides`.
   */
  readonly optionalRequires?: Readonly<Record<string, string>>;
  /** permissions the plugin declares, as `<plugin>:<action>` */
  readonly permissions?: readonly string[];
  /**
   * The event types the plugin publishes, each with what it means: the tenant's event catalogue
   * (`tx.directory.eventTypes()`). When present, `tx.publish` refuses a type it does not list.
   */
  readonly publishes?: readonly PublishedEventType[];
  /** JSON Schema of the per-tenant settings */
  readonly settings?: Readonly<Record<string, unknown>>;
  /** server entry, relative to the package folder */
  readonly server?: string;
  /** till entry, relative to the package folder */
  readonly till?: string;
  /** office entry (back-office pages), relative to the package folder */
  readonly office?: string;
  /** the oldest code version of this plugin that still works on this release's schema */
  readonly schemaCompat?: string;
}

/** One entry of a plugin's event catalogue (`kits.publishes`). */
export interface PublishedEventType {
  /** `<plugin>.<entity>.<verb>`, e.g. `sales.sale.completed`. */
  readonly type: string;
  /** What happened, for the people who subscribe to it (an integrator picking webhook events). */
  readonly description: string;
}

/**
 * A settings property marked `"x-kits-secret": true` (a string) is stored encrypted by the kernel,
 * never answered by its API and never sent to tills; only the plugin's server code reads it.
 */
export const SECRET_SETTING = 'x-kits-secret';
/** A settings property marked `"x-kits-till": true` is sent to the tenant's tills. */
export const TILL_SETTING = 'x-kits-till';

export interface ManifestProblem {
  readonly path: string;
  readonly message: string;
}

export class InvalidManifestError extends Error {
  readonly problems: readonly ManifestProblem[];
  constructor(source: string, problems: readonly ManifestProblem[]) {
    super(`The plugin manifest in ${source} is invalid: ${problems.map((p) => `${p.path || '(root)'} ${p.message}`).join('; ')}`);
    this.name = 'InvalidManifestError';
    this.problems = problems;
  }
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateSchema = ajv.compile<PluginManifest>(manifestSchema);

function describe(error: ErrorObject): ManifestProblem {
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  if (error.keyword === 'additionalProperties') {
    return { path, message: `has an unknown field "${String(error.params.additionalProperty)}"` };
  }
  return { path, message: error.message ?? 'is invalid' };
}

/** Checks a manifest against the JSON Schema and the rules a schema cannot say (semver ranges). */
export function validateManifest(value: unknown, source = 'package.json'): PluginManifest {
  if (!validateSchema(value)) {
    throw new InvalidManifestError(source, (validateSchema.errors ?? []).map(describe));
  }
  const problems: ManifestProblem[] = [];
  if (!semver.validRange(value.kernel)) problems.push({ path: 'kernel', message: `"${value.kernel}" is not a semver range` });
  for (const [field, ranges] of [
    ['requires', value.requires],
    ['optionalRequires', value.optionalRequires],
  ] as const) {
    for (const [name, range] of Object.entries(ranges ?? {})) {
      if (!semver.validRange(range)) problems.push({ path: `${field}.${name}`, message: `"${range}" is not a semver range` });
    }
  }
  if (value.schemaCompat !== undefined && !semver.validRange(value.schemaCompat)) {
    problems.push({ path: 'schemaCompat', message: `"${value.schemaCompat}" is not a semver range` });
  }
  for (const capability of value.provides ?? []) parseCapability(capability);
  const declared = new Set<string>();
  for (const [i, entry] of (value.publishes ?? []).entries()) {
    if (declared.has(entry.type)) problems.push({ path: `publishes.${i}.type`, message: `"${entry.type}" is listed twice` });
    declared.add(entry.type);
  }
  for (const permission of value.permissions ?? []) {
    if (!permission.startsWith(`${value.id}:`)) {
      problems.push({ path: 'permissions', message: `"${permission}" must start with the plugin id "${value.id}:"` });
    }
  }
  if (value.settings !== undefined) problems.push(...settingsProblems(value.settings));
  if (problems.length > 0) throw new InvalidManifestError(source, problems);
  return value;
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Secret settings must be strings reached through `properties` from the top (where the kernel
 * looks for them), and never inside what tills are sent.
 */
function settingsProblems(schema: Readonly<JsonObject>): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const checked = new Set<unknown>();
  const visit = (node: JsonObject, path: string, toTills: boolean) => {
    if (!isObject(node.properties)) return;
    for (const [name, property] of Object.entries(node.properties)) {
      if (!isObject(property)) continue;
      const at = `${path}.properties.${name}`;
      const reachesTills = toTills || property[TILL_SETTING] === true;
      if (SECRET_SETTING in property) {
        checked.add(property);
        if (property[SECRET_SETTING] !== true) problems.push({ path: at, message: `"${SECRET_SETTING}" must be true when present` });
        else if (property.type !== 'string') problems.push({ path: at, message: 'is a secret setting, so its "type" must be "string"' });
        else if (reachesTills) problems.push({ path: at, message: `is a secret setting and cannot be sent to tills ("${TILL_SETTING}")` });
      }
      visit(property, at, reachesTills);
    }
  };
  visit(schema, 'settings', false);
  const stray = (node: unknown, path: string) => {
    if (Array.isArray(node)) return node.forEach((item, index) => stray(item, `${path}.${index}`));
    if (!isObject(node)) return;
    if (SECRET_SETTING in node && !checked.has(node)) {
      problems.push({
        path,
        message: `"${SECRET_SETTING}" works only on a property reached through "properties" from the top of the settings schema`,
      });
    }
    for (const [name, inner] of Object.entries(node)) stray(inner, `${path}.${name}`);
  };
  stray(schema, 'settings');
  return problems;
}

export function pluginSchemaName(manifest: Pick<PluginManifest, 'id' | 'schema'>): string {
  return manifest.schema ?? manifest.id.replaceAll('-', '_');
}

/**
 * Whether a plugin's manifest lets it use `capability` (`inventory@1`): it provides it, or names it
 * in `requires` or `optionalRequires` with a range the capability's major satisfies.
 */
export function declaresCapability(
  manifest: Pick<PluginManifest, 'provides' | 'requires' | 'optionalRequires'>,
  capability: string,
): boolean {
  if ((manifest.provides ?? []).includes(capability)) return true;
  const { name, major } = parseCapability(capability);
  return [manifest.requires, manifest.optionalRequires].some((ranges) => {
    const range = ranges?.[name];
    return range !== undefined && semver.satisfies(`${major}.0.0`, range);
  });
}
