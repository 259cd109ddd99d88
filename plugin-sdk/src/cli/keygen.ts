import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { generatePublisherKeys } from '../release/keys.ts';

/** Makes a publisher key pair: the private key in `out` (PEM, owner-only), the public key beside it and returned. */
export function keygen(out = 'kits-publisher.key'): { privateKeyFile: string; publicKey: string } {
  const file = resolve(out);
  if (existsSync(file)) throw new Error(`${file} exists; keep your key, or choose another file with --out`);
  const keys = generatePublisherKeys();
  writeFileSync(file, keys.privateKeyPem, { mode: 0o600, flag: 'wx' });
  writeFileSync(`${file}.pub`, `${keys.publicKey}\n`);
  return { privateKeyFile: file, publicKey: keys.publicKey };
}
