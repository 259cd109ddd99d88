import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Parser, extract, type ReadEntry } from 'tar';

/** What a release tarball holds, read without writing anything. */
export interface TarballContents {
  /** The parsed `package/package.json`, or undefined when there is none. */
  readonly packageJson: unknown;
  readonly files: readonly string[];
}

export class InvalidTarballError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidTarballError';
  }
}

const MAX_UNPACKED_BYTES = 256 * 1024 * 1024;

/**
 * Reads a gzipped tarball in memory. Refuses what a plugin package never holds: entries outside
 * `package/`, links, devices, paths that climb out, and more than 256 MiB unpacked.
 */
export async function readTarball(tarball: Uint8Array): Promise<TarballContents> {
  let raw: Buffer;
  try {
    raw = gunzipSync(tarball, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    throw new InvalidTarballError(
      `The file is not a gzipped tarball within ${MAX_UNPACKED_BYTES / 1024 / 1024} MiB unpacked (${(error as Error).message}).`,
    );
  }
  const files: string[] = [];
  let packageJson: Buffer | undefined;
  let problem: string | undefined;
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      strict: true,
      onReadEntry(entry: ReadEntry) {
        const path = entry.path;
        if (!path.startsWith('package/') || path.split('/').includes('..')) problem ??= `the entry "${path}" is outside package/`;
        else if (entry.type !== 'File' && entry.type !== 'Directory')
          problem ??= `the entry "${path}" is a ${entry.type}; only files and folders are allowed`;
        if (entry.type === 'File') files.push(path.slice('package/'.length));
        if (path === 'package/package.json') {
          const chunks: Buffer[] = [];
          entry.on('data', (chunk: Buffer) => chunks.push(chunk));
          entry.on('end', () => {
            packageJson = Buffer.concat(chunks);
          });
        } else {
          entry.resume();
        }
      },
    });
    parser.on('error', reject);
    parser.on('end', resolve);
    parser.end(raw);
  }).catch((error: unknown) => {
    throw new InvalidTarballError(`The tarball cannot be read: ${(error as Error).message}`);
  });
  if (problem) throw new InvalidTarballError(`The tarball is not a plugin package: ${problem}.`);
  if (files.length === 0) throw new InvalidTarballError('The tarball holds no files.');
  let parsed: unknown;
  if (packageJson) {
    try {
      parsed = JSON.parse(packageJson.toString('utf8'));
    } catch (error) {
      throw new InvalidTarballError(`package/package.json is not JSON: ${(error as Error).message}`);
    }
  }
  return { packageJson: parsed, files };
}

/**
 * Unpacks a release tarball into `target` (its `package/` folder becomes `target`), through a
 * temporary sibling folder renamed into place, so `target` is whole or absent — also when several
 * processes unpack the same release at once.
 */
export async function unpackTarball(tarball: Uint8Array, target: string): Promise<void> {
  // Checked first: links, devices and paths outside package/ are refused, not skipped.
  await readTarball(tarball);
  const temporary = `${target}.partial-${process.pid}-${Math.random().toString(36).slice(2)}`;
  mkdirSync(temporary, { recursive: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const unpack = extract({
        cwd: temporary,
        strip: 1,
        strict: true,
        filter: (_path, entry) => 'type' in entry && (entry.type === 'File' || entry.type === 'Directory'),
      });
      unpack.on('error', reject);
      unpack.on('close', resolve);
      unpack.end(Buffer.from(tarball));
    });
    mkdirSync(dirname(target), { recursive: true });
    try {
      renameSync(temporary, target);
    } catch (error) {
      // Another process unpacked the same content first: theirs is identical.
      if (!['EEXIST', 'ENOTEMPTY'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  } finally {
    rmSync(temporary, { recursive: true, force: true });
  }
}
