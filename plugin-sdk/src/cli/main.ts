import { parseArgs } from 'node:util';
import { createPlugin } from './create.ts';

const USAGE = `kits-plugin — build KiTS POS plugins

  kits-plugin create <id> [--dir <folder>] [--package <npm name>]
      Scaffold a plugin: manifest, server and till entries, a migration and tests.
      Then: cd <folder> && npm run build && npm test
`;

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === 'create') {
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { dir: { type: 'string' }, package: { type: 'string' } },
    });
    const [name] = positionals;
    if (!name) {
      process.stderr.write(`kits-plugin create needs a plugin id.\n\n${USAGE}`);
      return 2;
    }
    const folder = createPlugin({
      name,
      ...(values.dir ? { dir: values.dir } : {}),
      ...(values.package ? { packageName: values.package } : {}),
    });
    process.stdout.write(`Created plugin "${name}" in ${folder}\nNext: cd ${folder} && npm run build && npm test\n`);
    return 0;
  }
  process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`kits-plugin: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
