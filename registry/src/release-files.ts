import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { integrityHex } from '@kits/plugin-sdk/release';

/**
 * Release tarballs on disk, named by their sha512 (`<dir>/sha512/ab/abcdef….tgz`): writing the
 * same bytes twice is one file, and a file's name proves what it holds. The folder may be a
 * volume an operator mounts; several registry processes may share it.
 */
export class ReleaseFiles {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  pathOf(integrity: string): string {
    const hex = integrityHex(integrity);
    return join(this.#dir, 'sha512', hex.slice(0, 2), `${hex}.tgz`);
  }

  put(integrity: string, bytes: Uint8Array): void {
    const path = this.pathOf(integrity);
    if (existsSync(path)) return;
    mkdirSync(join(path, '..'), { recursive: true });
    const temporary = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`;
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  }

  read(integrity: string): Buffer | undefined {
    const path = this.pathOf(integrity);
    return existsSync(path) ? readFileSync(path) : undefined;
  }
}
