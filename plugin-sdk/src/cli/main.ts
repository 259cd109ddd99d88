import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { packPlugin } from '../release/pack.ts';
import { buildPlugin } from './build.ts';
import { createPlugin } from './create.ts';
import { keygen } from './keygen.ts';
import { publishPlugin, yankRelease, type RegistryAccess } from './publish.ts';

const USAGE = `kits-plugin — build and publish KiTS POS plugins

  kits-plugin create <id> [--dir <folder>] [--package <npm name>]
      Scaffold a plugin: manifest, server and till entries, a migration and tests.
  kits-plugin keygen [--out <file>]
      Make your publisher key pair: the private key in <file> (default kits-publisher.key), the
      public key printed and written to <file>.pub. Give the public key to the registry's operator.
  kits-plugin build [<folder>]
      Compile the plugin (tsc -p tsconfig.json) and check the manifest's entries exist.
  kits-plugin pack [<folder>] [--out <folder>]
      Write <id>-<version>.tgz, the release tarball, and print its sha512 integrity.
  kits-plugin publish [<folder> | --tarball <file>] --registry <url> --publisher <name> --key <file>
      Pack, sign the tarball's integrity with your key and upload it.
  kits-plugin yank <id>@<version> --reason <text> --registry <url> --key <file>
      Withdraw a release: kernels refuse to install it.

  --registry, --publisher and --key default to KITS_REGISTRY_URL, KITS_PUBLISHER and KITS_PUBLISHER_KEY.
`;

const REGISTRY_OPTIONS = {
  registry: { type: 'string' },
  publisher: { type: 'string' },
  key: { type: 'string' },
} as const;

function accessOf(values: { registry?: string; publisher?: string; key?: string }, needPublisher = true): RegistryAccess {
  const registry = values.registry ?? process.env.KITS_REGISTRY_URL;
  const publisher = values.publisher ?? process.env.KITS_PUBLISHER ?? '';
  const keyFile = values.key ?? process.env.KITS_PUBLISHER_KEY;
  const missing = [!registry && '--registry', needPublisher && !publisher && '--publisher', !keyFile && '--key'].filter(Boolean);
  if (missing.length > 0) throw new Error(`give ${missing.join(', ')} (or KITS_REGISTRY_URL, KITS_PUBLISHER, KITS_PUBLISHER_KEY)`);
  return { registry: registry!, publisher, keyFile: resolve(keyFile!) };
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'create': {
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
    case 'keygen': {
      const { values } = parseArgs({ args: rest, options: { out: { type: 'string' } } });
      const { privateKeyFile, publicKey } = keygen(values.out);
      process.stdout.write(
        `Private key: ${privateKeyFile} (keep it secret; it signs your releases)\nPublic key:  ${publicKey}\n(also in ${privateKeyFile}.pub — send it to the registry's operator to register you as a publisher)\n`,
      );
      return 0;
    }
    case 'build': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true });
      const entries = buildPlugin(positionals[0]);
      process.stdout.write(`Built: ${entries.join(', ')}\n`);
      return 0;
    }
    case 'pack': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { out: { type: 'string' } } });
      const packed = await packPlugin(resolve(positionals[0] ?? '.'));
      const file = join(resolve(values.out ?? positionals[0] ?? '.'), `${packed.id}-${packed.version}.tgz`);
      writeFileSync(file, packed.tarball);
      process.stdout.write(
        `Packed ${packed.id}@${packed.version}: ${file}\n  ${packed.files.length} files, ${packed.tarball.length} bytes\n  integrity ${packed.integrity}\n`,
      );
      return 0;
    }
    case 'publish': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { ...REGISTRY_OPTIONS, tarball: { type: 'string' } },
      });
      const access = accessOf(values);
      const source = values.tarball ? { tarballFile: resolve(values.tarball) } : { folder: resolve(positionals[0] ?? '.') };
      const release = await publishPlugin(source, access);
      process.stdout.write(
        `Published ${release.pluginId}@${release.version} to ${access.registry} as ${access.publisher}\n  integrity ${release.integrity}\n`,
      );
      return 0;
    }
    case 'yank': {
      const { values, positionals } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { ...REGISTRY_OPTIONS, reason: { type: 'string' } },
      });
      const match = /^([a-z][a-z0-9-]{1,39})@(.+)$/.exec(positionals[0] ?? '');
      if (!match || !values.reason) {
        process.stderr.write(`kits-plugin yank needs <id>@<version> and --reason.\n\n${USAGE}`);
        return 2;
      }
      await yankRelease(match[1]!, match[2]!, values.reason, accessOf(values, false));
      process.stdout.write(`Yanked ${match[1]}@${match[2]}: kernels will refuse to install it\n`);
      return 0;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`kits-plugin: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
