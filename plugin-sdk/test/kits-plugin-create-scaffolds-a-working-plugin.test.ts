import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'plugin-sdk/bin/kits-plugin.js');
const BIN = join(REPO, 'node_modules/.bin');
// Inside the repository, so the generated plugin resolves @kits/plugin-sdk the way an installed one would.
const WORK = join(REPO, '.kits-cache', `scaffold-${process.pid}`);

describe('kits-plugin create', () => {
  afterAll(() => rmSync(WORK, { recursive: true, force: true }));

  it('scaffolds a plugin that builds and whose generated tests pass against a real kernel', async () => {
    mkdirSync(WORK, { recursive: true });
    const target = join(WORK, 'gift-cards');
    const created = await run(process.execPath, [CLI, 'create', 'gift-cards', '--dir', target]);
    expect(created.stdout).toContain('Created plugin "gift-cards"');

    const manifest = JSON.parse(readFileSync(join(target, 'package.json'), 'utf8')).kits;
    expect(manifest).toMatchObject({ id: 'gift-cards', displayName: 'Gift Cards', server: './dist/server/index.js' });
    expect(readFileSync(join(target, 'migrations/0001_create_notes.sql'), 'utf8')).toContain('create table gift_cards.notes');

    await run(process.execPath, [join(BIN, 'tsc'), '-p', join(target, 'tsconfig.json')], { cwd: target });
    expect(existsSync(join(target, 'dist/server/index.js'))).toBe(true);
    expect(existsSync(join(target, 'dist/till/index.js'))).toBe(true);
    expect(existsSync(join(target, 'dist/office/index.js'))).toBe(true);

    // The generated tests, run as the plugin's author would: vitest in the plugin folder, against
    // the built SDK and kernel (no source condition).
    const tested = await run(process.execPath, [join(BIN, 'vitest'), 'run', '--root', target], {
      cwd: target,
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    expect(tested.stdout).toMatch(/Tests\s+.*7 passed/);
  }, 300_000);

  it('refuses an id that cannot be a plugin id, and a folder that is not empty', async () => {
    await expect(run(process.execPath, [CLI, 'create', 'Gift Cards'])).rejects.toMatchObject({
      stderr: expect.stringContaining('cannot be a plugin id'),
    });
    mkdirSync(join(WORK, 'taken'), { recursive: true });
    await run(process.execPath, [CLI, 'create', 'taken-one', '--dir', join(WORK, 'taken', 'x')]);
    await expect(run(process.execPath, [CLI, 'create', 'taken-two', '--dir', join(WORK, 'taken', 'x')])).rejects.toMatchObject({
      stderr: expect.stringContaining('is not empty'),
    });
  });
});
