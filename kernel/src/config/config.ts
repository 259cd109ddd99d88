import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Everything the kernel reads from its environment, parsed and checked once at start. */
export interface KernelConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** PostgreSQL URL; when absent the kernel runs on PGlite under `dataDir`. */
  readonly databaseUrl: string | undefined;
  /** Folder for the embedded database and generated secrets; `memory://` keeps PGlite in memory. */
  readonly dataDir: string;
  readonly redisUrl: string | undefined;
  readonly amqpUrl: string | undefined;
  readonly jwtSecret: string;
  readonly accessTokenTtlSeconds: number;
  readonly refreshTokenTtlSeconds: number;
  /** Folders scanned for plugin packages (each child with a package.json holding a `kits` manifest). */
  readonly pluginDirs: readonly string[];
  /** The built till app served at /till (TILL_DIR; default: the till package's build next to the kernel). */
  readonly tillDir: string;
  readonly bodyLimitBytes: number;
  /** The operator account created at first start, when no operator exists yet. */
  readonly operatorEmail: string | undefined;
  readonly operatorPassword: string | undefined;
  /** Time limit of one plugin event handler or job run. */
  readonly handlerTimeoutMs: number;
}

export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
    this.variable = variable;
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new ConfigError(name, `"${raw}" is not a URL; expected ${protocols.map((p) => `${p}//…`).join(' or ')}`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(' or ')} URL, got ${parsed.protocol}`);
  }
  return raw;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A secret kept beside the embedded database so a restart keeps sessions valid. */
function embeddedSecret(dataDir: string, name: string): string {
  if (dataDir.startsWith('memory://')) return randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secrets.json');
  const secrets: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  if (!secrets[name]) {
    secrets[name] = randomBytes(32).toString('base64url');
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

/** Reads and checks the environment. A wrong value throws a ConfigError naming the variable. */
export function loadConfig(env: Env = process.env, cwd = process.cwd()): KernelConfig {
  const databaseUrl = url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  const dataDir = env.DATA_DIR?.startsWith('memory://') ? env.DATA_DIR : resolve(cwd, env.DATA_DIR || 'data');

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

  return {
    host,
    port: integer(env, 'PORT', 3000, 0, 65535),
    logLevel,
    databaseUrl,
    dataDir,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    amqpUrl: url(env, 'AMQP_URL', ['amqp:', 'amqps:']),
    jwtSecret,
    accessTokenTtlSeconds: integer(env, 'ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86_400),
    refreshTokenTtlSeconds: integer(env, 'REFRESH_TOKEN_TTL_SECONDS', 30 * 86_400, 60, 365 * 86_400),
    pluginDirs: (env.PLUGIN_DIRS ?? resolve(cwd, 'plugins'))
      .split(':')
      .filter(Boolean)
      .map((dir) => resolve(cwd, dir)),
    tillDir: env.TILL_DIR ? resolve(cwd, env.TILL_DIR) : fileURLToPath(new URL('../../../till/dist-app', import.meta.url)),
    bodyLimitBytes: integer(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    operatorEmail,
    operatorPassword,
    handlerTimeoutMs: integer(env, 'HANDLER_TIMEOUT_MS', 10_000, 10, 600_000),
  };
}
