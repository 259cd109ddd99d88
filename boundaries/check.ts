/**
 * `npm run deps:check`: fails on a line that crosses a boundary of the house — the till importing a
 * plugin, a plugin importing another plugin or the kernel, a plugin's SQL naming another schema, workspace
 * packages depending on each other in a circle.
 */
import { fileURLToPath } from 'node:url';
import { checkBoundaries } from './rules.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const { violations, filesChecked } = checkBoundaries(root);
for (const violation of violations) process.stderr.write(`${violation.file}:${violation.line}: ${violation.rule}: ${violation.message}\n`);
if (violations.length > 0) {
  process.stderr.write(`deps:check: ${violations.length} boundary crossing(s) in ${filesChecked} files\n`);
  process.exit(1);
}
process.stdout.write(`deps:check: ${filesChecked} files, no boundary crossed\n`);
