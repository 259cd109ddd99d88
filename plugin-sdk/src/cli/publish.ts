import { readFileSync } from 'node:fs';
import { integrityOf } from '../release/integrity.ts';
import { signStatement, yankStatement } from '../release/keys.ts';
import { packPlugin } from '../release/pack.ts';

export interface RegistryAccess {
  /** The registry's base URL (`http://localhost:3000/registry` for a kernel's embedded one). */
  readonly registry: string;
  readonly publisher: string;
  /** The publisher's private key file (PEM, from `kits-plugin keygen`). */
  readonly keyFile: string;
}

export class RegistryRefusal extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, detail: string) {
    super(`the registry refused (${status} ${code}): ${detail}`);
    this.name = 'RegistryRefusal';
    this.status = status;
    this.code = code;
  }
}

async function answer<T>(response: Response): Promise<T> {
  const text = await response.text();
  let body: { code?: string; detail?: string } & Record<string, unknown>;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new RegistryRefusal(response.status, 'not_json', text.slice(0, 200));
  }
  if (!response.ok) throw new RegistryRefusal(response.status, body.code ?? 'unknown', body.detail ?? text);
  return body as T;
}

const base = (registry: string) => registry.replace(/\/+$/, '');

/** Packs the plugin in `folder` (or takes a packed tarball), signs its integrity and uploads it. */
export async function publishPlugin(
  source: { readonly folder: string } | { readonly tarballFile: string },
  access: RegistryAccess,
): Promise<{ pluginId: string; version: string; integrity: string }> {
  const tarball = 'tarballFile' in source ? readFileSync(source.tarballFile) : (await packPlugin(source.folder)).tarball;
  const integrity = integrityOf(tarball);
  const privateKeyPem = readFileSync(access.keyFile, 'utf8');
  const response = await fetch(`${base(access.registry)}/v1/releases`, {
    method: 'POST',
    headers: {
      'content-type': 'application/gzip',
      'kits-publisher': access.publisher,
      'kits-integrity': integrity,
      'kits-signature': signStatement(privateKeyPem, integrity),
    },
    body: new Uint8Array(tarball),
  });
  return answer(response);
}

/** Yanks a release with the publisher's signed statement. */
export async function yankRelease(pluginId: string, version: string, reason: string, access: RegistryAccess): Promise<unknown> {
  const privateKeyPem = readFileSync(access.keyFile, 'utf8');
  const response = await fetch(`${base(access.registry)}/v1/plugins/${pluginId}/versions/${version}/yank`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'kits-signature': signStatement(privateKeyPem, yankStatement(pluginId, version)) },
    body: JSON.stringify({ reason }),
  });
  return answer(response);
}
