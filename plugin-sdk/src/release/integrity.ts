import { createHash } from 'node:crypto';

const INTEGRITY = /^sha512-[A-Za-z0-9+/]{86}==$/;

/** The Subresource Integrity string of a release file (`sha512-<base64>`), as npm writes it. */
export function integrityOf(bytes: Uint8Array): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

export function isIntegrity(value: string): boolean {
  return INTEGRITY.test(value);
}

/** The hash of an integrity string in hex: a file name for content-addressed storage. */
export function integrityHex(integrity: string): string {
  if (!isIntegrity(integrity)) throw new Error(`"${integrity}" is not a sha512 integrity string`);
  return Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex');
}
