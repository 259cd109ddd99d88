import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';
import { ConfigError } from './config-error.ts';
import { builtApp, existingFolders, writableFolder } from './folders.ts';
import { integer, onOrOff, trustedProxies, url, type Env } from './env-values.ts';
import { derivedPublisherKey, embeddedSecret, localPublisherSecret, previousSecrets } from './secrets.ts';
import { issuerAllowed } from '../auth/identity/oidc-client.ts';

export { ConfigError } from './config-error.ts';

/** Everything the kernel reads from its environment, parsed and checked once at start. */
export interface KernelConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** LOG_FORMAT: `json` lines, or `pretty` for a person at a terminal; `auto` (unset) is pretty when stdout is a terminal. */
  readonly logFormat: 'json' | 'pretty' | 'auto';
  /**
   * Whether `npm start` sets up the demo tenant: on the embedded default unless KITS_DEMO=0, with
   * DATABASE_URL only when KITS_DEMO=1.
   */
  readonly demo: boolean;
  /** PostgreSQL URL; when absent the kernel runs on PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /**
   * REPORTING_DATABASE_URL: a read replica of DATABASE_URL (PostgreSQL streaming replication) that
   * GET routes declared `readFrom: 'reporting'` read from; absent, they read the primary.
   */
  readonly reportingDatabaseUrl: string | undefined;
  /**
   * DATABASE_POOL_SIZE: the most connections a kernel process holds to DATABASE_URL — requests, event
   * deliveries and jobs together (PGlite has one connection and ignores it).
   */
  readonly databasePoolSize: number;
  /**
   * DATABASE_PREPARED_STATEMENTS (`on`, the default, or `off`): statements to DATABASE_URL run as
   * named prepared statements, parsed once per connection. `off` when DATABASE_URL is a pooler that
   * hands out server connections per transaction without tracking prepared statements (PgBouncer
   * `pool_mode = transaction` before 1.21, or without `max_prepared_statements`).
   */
  readonly databasePreparedStatements: boolean;
  /** Folder for the embedded database and generated secrets; `memory://` keeps PGlite in memory. */
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly amqpUrl: string | undefined;
  readonly jwtSecret: string;
  /**
   * Earlier JWT secrets (JWT_SECRET_PREVIOUS, comma-separated) whose access tokens are still accepted
   * while a rotation runs: keep one for an access token's lifetime after changing JWT_SECRET.
   */
  readonly jwtSecretPrevious: readonly string[];
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Folders scanned for plugin packages (each child with a package.json holding a `kits` manifest). */
  readonly pluginDirs: readonly string[];
  /** The built till app served at /till (TILL_DIR; default: the till package's build next to the kernel). */
  readonly tillDir: string;
  /** The built back office served at /office (OFFICE_DIR; default: the office package's build next to the kernel). */
  readonly officeDir: string;
  readonly bodyLimitBytes: number;
  /** The operator account created at first start, when no operator exists yet. */
  readonly operatorEmail: string | undefined;
  readonly operatorPassword: string | undefined;
  /**
   * The operators' own identity provider (OPERATOR_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET): operators
   * may then sign in with their company account, matched to an operator account by verified e-mail.
   */
  readonly operatorOidc: { readonly issuer: string; readonly clientId: string; readonly clientSecret: string } | undefined;
  /** Time limit of one plugin event handler or job run. */
  readonly handlerTimeoutMs: number;
  /**
   * At SIGTERM, how long `/readyz` answers 503 while requests are still served, so the load balancer
   * stops sending before the listener closes (SHUTDOWN_DRAIN_SECONDS, default 5; 0 where a preStop hook waits).
   */
  readonly shutdownDrainSeconds: number;
  /** How long a shutdown may take in all before the process exits anyway (SHUTDOWN_TIMEOUT_SECONDS, default 30). */
  readonly shutdownTimeoutSeconds: number;
  /**
   * Which proxies' X-Forwarded-For is believed, so rate limits and logs see the client's address, not the
   * balancer's (TRUST_PROXY: a hop count like 1, or addresses and CIDRs, comma-separated; unset: none).
   */
  readonly trustProxy: number | readonly string[] | undefined;
  /**
   * How often each kernel asks its registry whether a release it runs was yanked (YANK_CHECK_SECONDS,
   * default 5): a yanked release is unloaded on every kernel within about that long (yanked-releases.ts).
   */
  readonly yankCheckSeconds: number;
  /**
   * How often running plugin rollouts are judged (ROLLOUT_CHECK_SECONDS, default 30; D-231): a soak
   * that is over moves the next ring or rolls the canaries back within about that long.
   */
  readonly rolloutCheckSeconds: number;
  /** Days a delivered event is kept in the outbox (and its applied records) before it is pruned (EVENT_RETENTION_DAYS). */
  readonly eventRetentionDays: number;
  /**
   * How long a kernel starting while PostgreSQL cannot be reached waits for it (DATABASE_WAIT_SECONDS)
   * before it gives up and exits — rather than exiting at once to be restarted in a loop.
   */
  readonly databaseWaitSeconds: number;
  /** The registry plugins are installed from (REGISTRY_URL); the embedded registry at /registry when absent. */
  readonly registryUrl: string | undefined;
  /** Where the embedded registry keeps release files (content-addressed). */
  readonly registryFilesDir: string;
  /** Packed local plugins and unpacked releases, content-addressed (PLUGIN_CACHE_DIR). */
  readonly pluginCacheDir: string;
  /** Publishers whose signed releases this kernel installs (TRUSTED_PUBLISHERS), besides its own local key. */
  readonly trustedPublishers: ReadonlyArray<{ readonly name: string; readonly publicKey: string }>;
  /**
   * The private key (PEM) the kernel signs the plugins of PLUGIN_DIRS with when it publishes them
   * to its embedded registry; undefined with REGISTRY_URL. Derived from LOCAL_PUBLISHER_SECRET, or the
   * JWT secret when unset, so every process of one installation signs alike; a JWT_SECRET rotation with
   * the embedded registry sets LOCAL_PUBLISHER_SECRET to the secret the registry was made with.
   */
  readonly localPublisherKey: string | undefined;
  /**
   * What the key of plugins' secret settings (`x-kits-secret`) is derived from (HKDF-SHA-256):
   * PLUGIN_SETTINGS_KEY, or the JWT secret when unset. Changing it makes stored secrets unreadable
   * unless the old one is kept in PLUGIN_SETTINGS_KEY_PREVIOUS until they are sealed again (docs/operations.md).
   */
  readonly pluginSettingsKey: string;
  /**
   * Earlier settings keys (PLUGIN_SETTINGS_KEY_PREVIOUS, comma-separated; without PLUGIN_SETTINGS_KEY,
   * JWT_SECRET_PREVIOUS, since the settings key is then the JWT secret): secrets sealed under them still open.
   */
  readonly pluginSettingsKeyPrevious: readonly string[];
  /**
   * The operator's configuration of each plugin (plugin id → name → value), from the environment's
   * `PLUGIN_<ID>__<NAME>` variables (the id upper-cased, dashes as underscores): installation-wide
   * settings no tenant may change, e.g. `PLUGIN_WEBHOOKS__ALLOW_HTTP=1`. Plugins read theirs as `operator`.
   */
  readonly pluginOperatorConfig: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /**
   * OpenTelemetry traces (docs/observability.md), exported over OTLP/HTTP to `endpoint`:
   * OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as given, or OTEL_EXPORTER_OTLP_ENDPOINT with `/v1/traces`
   * added; neither set, tracing is off and costs nothing. OTEL_SERVICE_NAME names the service
   * (default `kits-kernel`).
   */
  readonly tracing: { readonly endpoint: string | undefined; readonly serviceName: string };
}

const PLUGIN_VARIABLE = /^PLUGIN_([A-Z][A-Z0-9_]*?)__([A-Z0-9_]+)$/;

/** `PLUGIN_<ID>__<NAME>` variables by plugin key (`ZEBRA_ZPL`): the loader matches them to `zebra-zpl`. */
function pluginOperatorConfig(env: Env): Record<string, Record<string, string>> {
  const config: Record<string, Record<string, string>> = {};
  for (const [name, value] of Object.entries(env)) {
    const match = PLUGIN_VARIABLE.exec(name);
    if (!match || value === undefined) continue;
    (config[match[1]!] ??= {})[match[2]!] = value;
  }
  return config;
}

/** The key a plugin's operator variables are filed under: `zebra-zpl` → `ZEBRA_ZPL`. */
export const operatorConfigKey = (pluginId: string): string => pluginId.toUpperCase().replaceAll('-', '_');

// Under the installation, not the data folder: unpacked plugins import @kits/plugin-sdk and their
// other dependencies from the node_modules folders above them.
const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../../../.kits-cache', import.meta.url));

const PUBLISHER = /^[a-z][a-z0-9-]{1,39}$/;
const PUBLIC_KEY = /^ed25519:[A-Za-z0-9_-]{43}$/;

function trustedPublishers(env: Env): Array<{ name: string; publicKey: string }> {
  const raw = env.TRUSTED_PUBLISHERS;
  if (!raw) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [name, publicKey] = entry.split('=', 2).map((part) => part.trim());
      if (!name || !PUBLISHER.test(name) || !publicKey || !PUBLIC_KEY.test(publicKey)) {
        throw new ConfigError(
          'TRUSTED_PUBLISHERS',
          `"${entry}" is not <publisher>=ed25519:<key>; list them comma-separated, e.g. acme=ed25519:<43 characters from kits-plugin keygen>`,
        );
      }
      return { name, publicKey };
    });
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const LOG_FORMATS = ['json', 'pretty', 'auto'] as const;

/** OPERATOR_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET: all three, or none. */
function operatorOidcOf(env: Env): KernelConfig['operatorOidc'] {
  const names = ['OPERATOR_OIDC_ISSUER', 'OPERATOR_OIDC_CLIENT_ID', 'OPERATOR_OIDC_CLIENT_SECRET'] as const;
  const [issuer, clientId, clientSecret] = names.map((name) => env[name] || undefined);
  const missing = names.filter((name) => !env[name]);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0)
    throw new ConfigError(
      missing[0]!,
      `is needed with ${names.filter((name) => env[name]).join(' and ')}: set all three for operators' single sign-on, or none`,
    );
  let url: URL;
  try {
    url = new URL(issuer!);
  } catch {
    throw new ConfigError('OPERATOR_OIDC_ISSUER', `"${issuer}" is not a URL`);
  }
  if (!issuerAllowed(url)) throw new ConfigError('OPERATOR_OIDC_ISSUER', 'must be an https:// URL (http only on this machine)');
  return { issuer: issuer!.replace(/\/$/, ''), clientId: clientId!, clientSecret: clientSecret! };
}

/** Reads and checks the environment. A wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): KernelConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const reportingDatabaseUrl = url(env, 'REPORTING_DATABASE_URL', ['postgres:', 'postgresql:']);
  if (reportingDatabaseUrl && !databaseUrl) {
    throw new ConfigError(
      'REPORTING_DATABASE_URL',
      'is a read replica of DATABASE_URL, which is not set: the embedded PGlite database has no replica. Set DATABASE_URL to the primary PostgreSQL, or unset REPORTING_DATABASE_URL (reports then read the embedded database)',
    );
  }
  if (reportingDatabaseUrl && reportingDatabaseUrl === databaseUrl) {
    throw new ConfigError(
      'REPORTING_DATABASE_URL',
      'names the same database as DATABASE_URL; set it to a read replica of that database, or unset it to read reports from the primary',
    );
  }
  const dataDir = env.DATA_DIR?.startsWith('memory://') ? env.DATA_DIR : resolve(cwd, env.DATA_DIR || 'data');
  // The embedded database and its secrets live there; with DATABASE_URL it is only used when named.
  if (!dataDir.startsWith('memory://') && (!databaseUrl || env.DATA_DIR)) writableFolder('DATA_DIR', dataDir);

  const logFormat = (env.LOG_FORMAT || 'auto') as KernelConfig['logFormat'];
  if (!LOG_FORMATS.includes(logFormat))
    throw new ConfigError('LOG_FORMAT', `"${logFormat}" is not one of json, pretty (unset: pretty at a terminal, else json)`);
  const demoFlag = env.KITS_DEMO ?? '';
  if (!['', '0', '1'].includes(demoFlag))
    throw new ConfigError('KITS_DEMO', `"${demoFlag}" is neither 1 (set up the demo tenant) nor 0 (do not)`);

  const logLevel = (env.LOG_LEVEL || 'info') as KernelConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `"${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);

  let jwtSecret = env.JWT_SECRET;
  if (jwtSecret !== undefined && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters (use `openssl rand -base64 48`)');
  }
  if (jwtSecret === undefined || jwtSecret === '') {
    if (databaseUrl)
      throw new ConfigError('JWT_SECRET', 'is required when DATABASE_URL is set, so every kernel process signs tokens alike');
    jwtSecret = embeddedSecret(dataDir, 'jwtSecret');
  }

  const pluginSettingsKey = env.PLUGIN_SETTINGS_KEY || jwtSecret;
  if (pluginSettingsKey.length < 32) {
    throw new ConfigError('PLUGIN_SETTINGS_KEY', 'must be at least 32 characters (use `openssl rand -base64 48`)');
  }
  const jwtSecretPrevious = previousSecrets(env, 'JWT_SECRET_PREVIOUS');
  const pluginSettingsKeyPrevious = env.PLUGIN_SETTINGS_KEY
    ? previousSecrets(env, 'PLUGIN_SETTINGS_KEY_PREVIOUS')
    : env.PLUGIN_SETTINGS_KEY_PREVIOUS
      ? previousSecrets(env, 'PLUGIN_SETTINGS_KEY_PREVIOUS')
      : jwtSecretPrevious;

  const host = env.HOST || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) throw new ConfigError('HOST', `"${host}" is not a host name or address`);

  const operatorEmail = env.OPERATOR_EMAIL || undefined;
  if (operatorEmail !== undefined && !/^[^@\s]+@[^@\s]+$/.test(operatorEmail)) {
    throw new ConfigError('OPERATOR_EMAIL', `"${operatorEmail}" is not an e-mail address`);
  }
  const operatorPassword = env.OPERATOR_PASSWORD || undefined;
  if (operatorPassword !== undefined && operatorPassword.length < 10) {
    throw new ConfigError('OPERATOR_PASSWORD', 'must be at least 10 characters');
  }
  if ((operatorEmail === undefined) !== (operatorPassword === undefined)) {
    const [set, unset] = operatorEmail ? ['OPERATOR_EMAIL', 'OPERATOR_PASSWORD'] : ['OPERATOR_PASSWORD', 'OPERATOR_EMAIL'];
    throw new ConfigError(unset, `is needed with ${set}: set both to create the operator account, or neither`);
  }

  const operatorOidc = operatorOidcOf(env);

  const registryUrl = url(env, 'REGISTRY_URL', ['http:', 'https:']);
  for (const embeddedOnly of ['PLUGIN_DIRS', 'REGISTRY_FILES_DIR']) {
    if (registryUrl && env[embeddedOnly]) {
      throw new ConfigError(
        embeddedOnly,
        `is for the embedded registry and unused with REGISTRY_URL: unset one of them (publish local plugins to that registry with kits-plugin publish)`,
      );
    }
  }
  const pluginCacheDir = writableFolder('PLUGIN_CACHE_DIR', env.PLUGIN_CACHE_DIR ? resolve(cwd, env.PLUGIN_CACHE_DIR) : DEFAULT_CACHE_DIR);
  const registryFilesDir = env.REGISTRY_FILES_DIR
    ? resolve(cwd, env.REGISTRY_FILES_DIR)
    : dataDir.startsWith('memory://')
      ? join(pluginCacheDir, 'registry-files')
      : join(dataDir, 'registry');

  const accessTokenTtlSeconds = integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400);
  const refreshTokenTtlSeconds = integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 60, 365 * 86_400);
  if (refreshTokenTtlSeconds <= accessTokenTtlSeconds) {
    throw new ConfigError(
      'REFRESH_TOKEN_TTL_SECONDS',
      `${refreshTokenTtlSeconds} is not longer than ACCESS_TOKEN_TTL_SECONDS (${accessTokenTtlSeconds}): a refresh token must outlive the access tokens it renews`,
    );
  }
  const pluginDirs = (env.PLUGIN_DIRS ?? resolve(cwd, 'plugins'))
    .split(':')
    .filter(Boolean)
    .map((dir) => resolve(cwd, dir));

  return {
    host,
    port: integer(env, 'PORT', 3000, 0, 65535),
    logLevel,
    logFormat,
    demo: databaseUrl ? demoFlag === '1' : demoFlag !== '0',
    databaseUrl,
    reportingDatabaseUrl,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 20, 2, 1000),
    databasePreparedStatements: onOrOff(env, 'DATABASE_PREPARED_STATEMENTS', true),
    dataDir,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    amqpUrl: url(env, 'AMQP_URL', ['amqp:', 'amqps:']),
    jwtSecret,
    jwtSecretPrevious,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    // Checked only where they are read: the default folder may be absent in an installation without plugins.
    pluginDirs: registryUrl || !env.PLUGIN_DIRS ? pluginDirs : existingFolders('PLUGIN_DIRS', pluginDirs),
    tillDir: env.TILL_DIR
      ? builtApp('TILL_DIR', resolve(cwd, env.TILL_DIR), 'till')
      : fileURLToPath(new URL('../../../till/dist-app', import.meta.url)),
    officeDir: env.OFFICE_DIR
      ? builtApp('OFFICE_DIR', resolve(cwd, env.OFFICE_DIR), 'office')
      : fileURLToPath(new URL('../../../office/dist-app', import.meta.url)),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    operatorEmail,
    operatorPassword,
    operatorOidc,
    handlerTimeoutMs: integer(env, 'HANDLER_TIMEOUT_MS', 10_000, 10, 600_000),
    yankCheckSeconds: integer(env, 'YANK_CHECK_SECONDS', 5, 1, 3600),
    shutdownDrainSeconds: integer(env, 'SHUTDOWN_DRAIN_SECONDS', 5, 0, 600),
    shutdownTimeoutSeconds: integer(env, 'SHUTDOWN_TIMEOUT_SECONDS', 30, 1, 3600),
    trustProxy: trustedProxies(env),
    rolloutCheckSeconds: integer(env, 'ROLLOUT_CHECK_SECONDS', 30, 1, 3600),
    eventRetentionDays: integer(env, 'EVENT_RETENTION_DAYS', 30, 1, 3650),
    databaseWaitSeconds: integer(env, 'DATABASE_WAIT_SECONDS', 300, 0, 86_400),
    registryUrl: registryUrl?.replace(/\/+$/, ''),
    registryFilesDir,
    pluginCacheDir,
    trustedPublishers: trustedPublishers(env),
    localPublisherKey: registryUrl ? undefined : derivedPublisherKey(localPublisherSecret(env, jwtSecret)),
    pluginSettingsKey,
    pluginSettingsKeyPrevious,
    pluginOperatorConfig: pluginOperatorConfig(env),
    tracing: tracingConfig(env),
  };
}

/** Where traces go (the OTLP/HTTP traces URL, per the OpenTelemetry variables' rules) and as which service. */
function tracingConfig(env: Env): KernelConfig['tracing'] {
  const traces = url(env, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', ['http:', 'https:']);
  const base = url(env, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']);
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || 'kits-kernel';
  if (serviceName.length > 255) throw new ConfigError('OTEL_SERVICE_NAME', 'is longer than 255 characters');
  return { endpoint: traces ?? (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined), serviceName };
}
