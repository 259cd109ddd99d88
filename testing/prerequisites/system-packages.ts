import { findCommand, lastLine, runCommand } from './commands.ts';

/** A program the tests run, and the Debian package that brings it. */
export interface SystemPackage {
  readonly name: string;
  readonly command: string;
  readonly debianPackage: string;
  readonly neededFor: string;
}

export const SYSTEM_PACKAGES: readonly SystemPackage[] = [
  { name: 'Chromium', command: 'chromium', debianPackage: 'chromium', neededFor: 'the till and office UI tests (Playwright)' },
  { name: 'socat', command: 'socat', debianPackage: 'socat', neededFor: 'the serial device tests (pseudo-terminal pairs)' },
  { name: 'udev', command: 'udevadm', debianPackage: 'udev', neededFor: 'listing serial ports as a till with udev does' },
  { name: 'HAProxy', command: 'haproxy', debianPackage: 'haproxy', neededFor: 'the production topology test (the TLS load balancer)' },
  { name: 'PgBouncer', command: 'pgbouncer', debianPackage: 'pgbouncer', neededFor: 'the production topology test (transaction pooling)' },
  { name: 'promtool', command: 'promtool', debianPackage: 'prometheus', neededFor: 'checking and unit-testing the Prometheus alert rules' },
];

/** The programs tests ask for by name. */
export type TestProgram = 'chromium' | 'socat' | 'udevadm' | 'haproxy' | 'pgbouncer' | 'promtool';

/** apt-get, run as root directly or through sudo when sudo asks for no password; undefined when the user may not install. */
async function packageInstaller(): Promise<string[] | undefined> {
  const aptGet = findCommand('apt-get');
  if (!aptGet) return undefined;
  if (process.getuid?.() === 0) return [aptGet];
  const sudo = findCommand('sudo');
  if (sudo && (await runCommand(sudo, ['-n', 'true'])).ok) return [sudo, '-n', aptGet];
  return undefined;
}

/**
 * Makes sure each program is on PATH, installing the missing ones with apt-get where this user may
 * (the package lists are refreshed once if the first install fails). Answers one line per program
 * that could not be had, naming it and the command that brings it.
 */
export async function ensureSystemPackages(packages: readonly SystemPackage[] = SYSTEM_PACKAGES): Promise<string[]> {
  const missing = packages.filter((entry) => !findCommand(entry.command));
  if (missing.length === 0) return [];
  const installCommand = `apt-get install -y ${missing.map((entry) => entry.debianPackage).join(' ')}`;
  const installer = await packageInstaller();
  if (installer) {
    const [program, ...prefix] = installer as [string, ...string[]];
    const names = missing.map((entry) => entry.debianPackage);
    process.stdout.write(`prerequisites: installing ${names.join(', ')} (${installCommand})\n`);
    let install = await runCommand(program, [...prefix, 'install', '-y', ...names]);
    if (!install.ok) {
      await runCommand(program, [...prefix, 'update']);
      install = await runCommand(program, [...prefix, 'install', '-y', ...names]);
    }
    if (!install.ok) process.stdout.write(`prerequisites: ${installCommand} failed: ${lastLine(install.output)}\n`);
  }
  return missing
    .filter((entry) => !findCommand(entry.command))
    .map(
      (entry) =>
        `${entry.name} is missing (no ${entry.command} on PATH), needed for ${entry.neededFor}: install it with \`sudo apt-get install -y ${entry.debianPackage}\``,
    );
}

/** Where the tests find a program the prerequisites step provides: on PATH, as that step looked for it. */
export function testProgram(command: TestProgram): string {
  const found = findCommand(command);
  if (found) return found;
  const entry = SYSTEM_PACKAGES.find((candidate) => candidate.command === command)!;
  throw new Error(
    `${entry.name} is missing (no ${command} on PATH): run \`npm run prerequisites\`, or \`sudo apt-get install -y ${entry.debianPackage}\``,
  );
}
