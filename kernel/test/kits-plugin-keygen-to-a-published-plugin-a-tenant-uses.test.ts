import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestKernel, type TestKernel } from '@kits/kernel/test-kit';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(REPO, 'plugin-sdk/bin/kits-plugin.js');
// Inside the repository, so the generated plugin resolves @kits/plugin-sdk the way an installed one would.
const WORK = join(REPO, '.kits-cache', `publish-${process.pid}`);
const cli = (...args: string[]) => run(process.execPath, [CLI, ...args], { cwd: WORK });

/** The path the SDK README walks a third-party developer along, end to end. */
describe('from nothing to a published plugin a tenant uses', () => {
  let kit: TestKernel | undefined;
  afterAll(async () => {
    await kit?.close();
    rmSync(WORK, { recursive: true, force: true });
  });

  it('keygen → create → build → pack → publish → the registry lists it → a kernel installs it, a tenant enables it and calls its route', async () => {
    mkdirSync(WORK, { recursive: true });
    const keygen = await cli('keygen', '--out', 'acme.key');
    const publicKey = readFileSync(join(WORK, 'acme.key.pub'), 'utf8').trim();
    expect(keygen.stdout).toContain(publicKey);
    expect(publicKey).toMatch(/^ed25519:/);
    await expect(cli('keygen', '--out', 'acme.key')).rejects.toMatchObject({ stderr: expect.stringContaining('exists') });

    await cli('create', 'stamp-card', '--dir', 'stamp-card');
    const built = await cli('build', 'stamp-card');
    expect(built.stdout).toContain('dist/server/index.js');
    const packed = await cli('pack', 'stamp-card');
    const tarball = join(WORK, 'stamp-card', 'stamp-card-0.1.0.tgz');
    expect(existsSync(tarball)).toBe(true);
    expect(packed.stdout).toMatch(/integrity sha512-/);

    // The kernel's operator trusts the publisher's key, and registers it on the kernel's embedded registry.
    kit = await createTestKernel({ env: { TRUSTED_PUBLISHERS: `acme=${publicKey}` } });
    const url = await kit.kernel.listen();
    const registered = await fetch(`${url}/registry/v1/publishers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${kit.operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'acme', displayName: 'Acme Plugins', publicKey }),
    });
    expect(registered.status).toBe(201);

    const published = await cli(
      'publish',
      '--tarball',
      tarball,
      '--registry',
      `${url}/registry`,
      '--publisher',
      'acme',
      '--key',
      'acme.key',
    );
    expect(published.stdout).toContain('Published stamp-card@0.1.0');
    const again = cli('publish', 'stamp-card', '--registry', `${url}/registry`, '--publisher', 'acme', '--key', 'acme.key');
    await expect(again).rejects.toMatchObject({ stderr: expect.stringContaining('registry.version_exists') });

    const listed = (await (await fetch(`${url}/registry/v1/plugins?q=stamp`)).json()) as { items: unknown[] };
    expect(listed.items).toEqual([
      expect.objectContaining({
        id: 'stamp-card',
        displayName: 'Stamp Card',
        publisher: 'acme',
        permissions: ['stamp-card:write'],
        versions: ['0.1.0'],
      }),
    ]);

    const enabled = await kit.request<{ version: string }>('POST', '/api/v1/plugins/stamp-card/enable', { body: { version: '^0.1' } });
    expect(enabled.status).toBe(200);
    expect(enabled.body.version).toBe('0.1.0');
    const note = await kit.request<{ body: string }>('POST', '/api/v1/stamp-card/notes', { body: { body: 'ten stamps, one coffee' } });
    expect(note.status).toBe(201);
    const greeting = await kit.request<{ greeting: string }>('GET', '/api/v1/stamp-card/greeting');
    expect(greeting.body).toEqual({ greeting: 'Hello from Stamp Card' });
  }, 240_000);
});
