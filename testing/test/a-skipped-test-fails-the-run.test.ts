import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPORTER = fileURLToPath(new URL('../skipped-tests-fail-the-run.ts', import.meta.url));
const VITEST = fileURLToPath(new URL('../../node_modules/vitest/vitest.mjs', import.meta.url));

const folders: string[] = [];
afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** vitest run over one test file of `source`, with the reporter `npm test` adds. */
function runWithTheReporter(source: string): Promise<{ code: number | null; output: string }> {
  const root = mkdtempSync(join(tmpdir(), 'kits-skips-'));
  folders.push(root);
  writeFileSync(join(root, 'sample.test.ts'), source);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [VITEST, 'run', '--root', root, '--reporter=default', `--reporter=${REPORTER}`], { cwd: root });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

describe('a run with a skipped test', () => {
  it('fails, naming each skipped test, though every other test passed', async () => {
    const run = await runWithTheReporter(
      "import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\nit.skip('is left out', () => {});\nit.todo('is to do');\n",
    );

    expect(run.code).toBe(1);
    expect(run.output).toContain('2 test(s) skipped, which fails the run');
    expect(run.output).toContain('sample.test.ts > is left out');
    expect(run.output).toContain('sample.test.ts > is to do');
  });

  it('without one, passes', async () => {
    const run = await runWithTheReporter("import { expect, it } from 'vitest';\nit('adds', () => expect(1 + 1).toBe(2));\n");

    expect(run.code).toBe(0);
    expect(run.output).not.toContain('skipped, which fails the run');
  });
});
