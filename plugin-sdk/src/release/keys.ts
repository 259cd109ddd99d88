import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Publisher keys are ed25519. A public key is written `ed25519:<base64url of its 32 bytes>` (one
 * line, fits an environment variable); a private key is a PKCS#8 PEM file.
 */
export interface PublisherKeyPair {
  readonly privateKeyPem: string;
  readonly publicKey: string;
}

const PUBLIC_KEY = /^ed25519:([A-Za-z0-9_-]{43})$/;

export class InvalidKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidKeyError';
  }
}

export function generatePublisherKeys(): PublisherKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, publicKey: formatPublicKey(publicKey) };
}

function formatPublicKey(key: KeyObject): string {
  return `ed25519:${key.export({ format: 'jwk' }).x!}`;
}

function privateKeyOf(privateKeyPem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch (error) {
    throw new InvalidKeyError(`Not a private key in PEM form (${(error as Error).message}); make one with \`kits-plugin keygen\`.`);
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new InvalidKeyError(`The private key is ${key.asymmetricKeyType}; publisher keys are ed25519.`);
  return key;
}

/** The public key of a private key, in the one-line form. */
export function publicKeyOf(privateKeyPem: string): string {
  return formatPublicKey(createPublicKey(privateKeyOf(privateKeyPem)));
}

export function isPublicKey(value: string): boolean {
  return PUBLIC_KEY.test(value);
}

function parsePublicKey(publicKey: string): KeyObject {
  const match = PUBLIC_KEY.exec(publicKey);
  if (!match) throw new InvalidKeyError(`"${publicKey}" is not a publisher key; expected ed25519:<43 base64url characters>.`);
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: match[1]! }, format: 'jwk' });
  } catch (error) {
    throw new InvalidKeyError(`"${publicKey}" is not a valid ed25519 key (${(error as Error).message}).`);
  }
}

/** A short, stable name of a public key (sha256 of its bytes, base64url, 16 bytes). */
export function keyIdOf(publicKey: string): string {
  parsePublicKey(publicKey);
  const raw = Buffer.from(publicKey.slice('ed25519:'.length), 'base64url');
  return createHash('sha256').update(raw).digest('base64url').slice(0, 22);
}

/** Signs a statement (a release's integrity string, or a yank statement); base64. */
export function signStatement(privateKeyPem: string, statement: string): string {
  return sign(null, Buffer.from(statement, 'utf8'), privateKeyOf(privateKeyPem)).toString('base64');
}

/** True when `signature` is `publicKey`'s signature of `statement`; false for any malformed input. */
export function verifyStatement(publicKey: string, statement: string, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(statement, 'utf8'), parsePublicKey(publicKey), Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** What a publisher signs to yank a release (never an integrity string, so neither can stand for the other). */
export const yankStatement = (pluginId: string, version: string): string => `kits-yank:${pluginId}@${version}`;
