// The secrets the kernel derives or keeps from its configuration: the local publisher key, the embedded secrets file, earlier secrets of a rotation.
import { createPrivateKey, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error.ts';
import type { Env } from './env-values.ts';

/** An ed25519 key whose 32-byte seed is derived from `secret` (PKCS#8 DER: a fixed prefix, then the seed). */
export function derivedPublisherKey(secret: string): string {
  const seed = Buffer.from(hkdfSync('sha256', secret, 'kits', 'kits local publisher key', 32));
  const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  return createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }).export({ format: 'pem', type: 'pkcs8' }) as string;
}

/** A secret kept beside the embedded database so a restart keeps sessions valid. */
export function embeddedSecret(dataDir: string, name: string): string {
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

/** A comma-separated list of earlier secrets, each as long as a current one must be. */
export function previousSecrets(env: Env, name: string): string[] {
  const secrets = (env[name] ?? '')
    .split(',')
    .map((secret) => secret.trim())
    .filter((secret) => secret !== '');
  if (secrets.some((secret) => secret.length < 32))
    throw new ConfigError(
      name,
      'holds a secret shorter than 32 characters: list the earlier secrets exactly as they were, comma-separated',
    );
  return secrets;
}

/** What the embedded registry's local publisher key is derived from: LOCAL_PUBLISHER_SECRET, or the JWT secret. */
export function localPublisherSecret(env: Env, jwtSecret: string): string {
  const secret = env.LOCAL_PUBLISHER_SECRET || jwtSecret;
  if (secret.length < 32)
    throw new ConfigError('LOCAL_PUBLISHER_SECRET', 'must be at least 32 characters: the JWT_SECRET the embedded registry was made with');
  return secret;
}
