import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { testProgram } from '../../../testing/prerequisites/system-packages.ts';

const run = promisify(execFile);

/** Runs promtool with `args` in `dir`; answers its exit code and everything it printed (so a failure shows promtool's own words). */
export async function promtool(dir: URL, ...args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run(testProgram('promtool'), args, { cwd: fileURLToPath(dir) });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    if (typeof failed.code !== 'number') throw error;
    return { code: failed.code, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}
