import { badRequest, DomainError, InvalidManifestError, validateManifest, type PluginManifest } from '@kits/plugin-sdk';
import { integrityOf, InvalidTarballError, isIntegrity, readTarball } from '@kits/plugin-sdk/release';
import semver from 'semver';
import type { PublishInput } from './plugin-registry.ts';

/** A tarball that passed every check that needs no database: what its release will record. */
export interface CheckedRelease {
  readonly integrity: string;
  readonly manifest: PluginManifest;
  readonly version: string;
  readonly packageName: string;
}

/**
 * Checks an upload before the registry looks at who sent it, in order: size, the declared
 * integrity against the tarball, the tarball's shape, the manifest, the version, the entries the
 * manifest names. Each refusal is a problem naming what to fix; nothing is written.
 */
export async function checkRelease(input: PublishInput, maxTarballBytes: number): Promise<CheckedRelease> {
  if (input.tarball.length === 0)
    throw badRequest('registry.empty_tarball', 'The body is empty; send the tarball `kits-plugin pack` made.');
  if (input.tarball.length > maxTarballBytes) {
    throw new DomainError(
      'registry.tarball_too_large',
      413,
      `The tarball is ${input.tarball.length} bytes; the most this registry takes is ${maxTarballBytes}.`,
    );
  }
  if (!isIntegrity(input.integrity)) {
    throw badRequest('registry.invalid_integrity', 'Kits-Integrity must be the sha512 integrity of the tarball, written sha512-<base64>.');
  }
  const integrity = integrityOf(input.tarball);
  if (integrity !== input.integrity) {
    throw badRequest(
      'registry.integrity_mismatch',
      `The tarball's sha512 is ${integrity}, not the ${input.integrity} declared: it changed on the way, or the wrong file was sent. Pack again and publish the file you signed.`,
      {
        declared: input.integrity,
        actual: integrity,
      },
    );
  }
  let contents;
  try {
    contents = await readTarball(input.tarball);
  } catch (error) {
    if (error instanceof InvalidTarballError) throw badRequest('registry.invalid_tarball', error.message);
    throw error;
  }
  const pkg = contents.packageJson as { name?: unknown; version?: unknown; kits?: unknown } | undefined;
  if (!pkg || typeof pkg !== 'object') throw unprocessableManifest('The tarball has no package/package.json.', []);
  let manifest: PluginManifest;
  try {
    manifest = validateManifest(pkg.kits, 'package.json');
  } catch (error) {
    if (error instanceof InvalidManifestError) throw unprocessableManifest(error.message, error.problems);
    throw error;
  }
  if (typeof pkg.version !== 'string' || !semver.valid(pkg.version)) {
    throw unprocessableManifest(`package.json "version" must be a semver version (e.g. 1.0.0), not ${JSON.stringify(pkg.version)}.`, [
      { path: 'version', message: 'is not a semver version' },
    ]);
  }
  const version = semver.clean(pkg.version)!;
  for (const entry of [manifest.server, manifest.till]) {
    if (entry !== undefined && !contents.files.includes(entry.replace(/^\.\//, ''))) {
      throw unprocessableManifest(`The manifest names ${entry}, which the tarball does not hold; build before packing.`, [
        { path: entry === manifest.server ? 'server' : 'till', message: 'is not in the tarball' },
      ]);
    }
  }
  return { integrity, manifest, version, packageName: typeof pkg.name === 'string' ? pkg.name : manifest.id };
}

function unprocessableManifest(detail: string, problems: ReadonlyArray<{ path: string; message: string }>): DomainError {
  return new DomainError('registry.invalid_manifest', 422, detail, { problems });
}
