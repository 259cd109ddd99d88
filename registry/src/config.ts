import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The standalone registry's configuration, read from the environment (`npm run registry`). */
export interface RegistryConfig {
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  /** PostgreSQL URL; PGlite under `dataDir` when absent. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** Where release files are kept (content-addressed); a volume an operator may mount. */
  readonly filesDir: string;
  readonly operatorToken: string;
  /** True when the operator token was generated into the data folder (shown at start). */
  readonly operatorTokenGenerated: boolean;
  readonly maxTarballBytes: number;
}

export class RegistryConfigError extends Error {
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'RegistryConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new RegistryConfigError(name, `"${raw}" is not a whole number`);
  const value = Number(raw);
  if (value < min || value > max) throw new RegistryConfigError(name, `${value} is outside ${min}..${max}`);
  return value;
}

export function loadRegistryConfig(env: Env = process.env, cwd = process.cwd()): RegistryConfig {
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) throw new RegistryConfigError('DATABASE_URL', 'expected a postgres:// URL');
  const dataDir = resolve(cwd, env.REGISTRY_DATA_DIR || 'data/registry');
  let operatorToken = env.REGISTRY_OPERATOR_TOKEN || undefined;
  let operatorTokenGenerated = false;
  if (operatorToken !== undefined && operatorToken.length < 32) {
    throw new RegistryConfigError('REGISTRY_OPERATOR_TOKEN', 'must be at least 32 characters (use `openssl rand -base64 48`)');
  }
  if (operatorToken === undefined) {
    if (databaseUrl) throw new RegistryConfigError('REGISTRY_OPERATOR_TOKEN', 'is required when DATABASE_URL is set');
    mkdirSync(dataDir, { recursive: true });
    const file = join(dataDir, 'operator-token');
    if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
    operatorToken = readFileSync(file, 'utf8').trim();
    operatorTokenGenerated = true;
  }
  return {
    host: env.HOST || '127.0.0.1',
    port: integer(env, 'PORT', 3100, 0, 65535),
    logLevel: env.LOG_LEVEL || 'info',
    databaseUrl,
    dataDir,
    filesDir: resolve(cwd, env.REGISTRY_FILES_DIR || join(dataDir, 'files')),
    operatorToken,
    operatorTokenGenerated,
    maxTarballBytes: integer(env, 'REGISTRY_MAX_TARBALL_BYTES', 20 * 1024 * 1024, 1024, 512 * 1024 * 1024),
  };
}
