import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A freshly initialised PGlite data folder (a `dumpDataDir()` tarball) that every in-memory test
 * kernel starts from, so each skips initdb (about 2 s of WASM; loading the tarball takes 0.3 s).
 * Made once per PGlite version and kept in the temporary folder for every test process of the
 * run and the next (written beside and renamed into place, so a reader never sees half of one).
 */
export async function embeddedDatabaseTemplate(): Promise<Blob> {
  const version = pgliteVersion();
  const folder = join(tmpdir(), 'kits-pglite-templates');
  const file = join(folder, `initdb-${version}.tar`);
  try {
    return new Blob([readFileSync(file)]);
  } catch {
    // Not made yet: make it below.
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  const fresh = await PGlite.create({ extensions: { pg_trgm } });
  try {
    const tarball = await fresh.dumpDataDir('none');
    mkdirSync(folder, { recursive: true });
    const partial = `${file}.${randomUUID()}.partial`;
    writeFileSync(partial, Buffer.from(await tarball.arrayBuffer()));
    try {
      renameSync(partial, file);
    } finally {
      rmSync(partial, { force: true });
    }
    return tarball;
  } finally {
    await fresh.close();
  }
}

/** The installed PGlite's version (its package.json is not among its exports: found from its entry). */
function pgliteVersion(): string {
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  const marker = `${join('@electric-sql', 'pglite')}/`;
  const root = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
}
