import { cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TEMPLATE = fileURLToPath(new URL('../../templates/plugin', import.meta.url));
const PLUGIN_ID = /^[a-z][a-z0-9-]{1,39}$/;

export interface CreateOptions {
  readonly name: string;
  /** Folder to create the plugin in; defaults to ./<name>. */
  readonly dir?: string;
  /** npm package name; defaults to the id. */
  readonly packageName?: string;
}

function displayNameOf(id: string): string {
  return id
    .split('-')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ');
}

function fillPlaceholders(folder: string, values: Record<string, string>): void {
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) {
      fillPlaceholders(path, values);
      continue;
    }
    let text = readFileSync(path, 'utf8');
    for (const [key, value] of Object.entries(values)) text = text.replaceAll(key, value);
    writeFileSync(path, text);
  }
}

/** Scaffolds a plugin that builds and whose generated tests pass; returns its folder. */
export function createPlugin(options: CreateOptions): string {
  if (!PLUGIN_ID.test(options.name)) {
    throw new Error(
      `"${options.name}" cannot be a plugin id: use 2–40 lower-case letters, digits and dashes, starting with a letter (e.g. loyalty-points)`,
    );
  }
  const target = resolve(options.dir ?? options.name);
  if (existsSync(target) && readdirSync(target).length > 0) {
    throw new Error(`${target} exists and is not empty; choose another folder with --dir`);
  }
  cpSync(TEMPLATE, target, { recursive: true });
  fillPlaceholders(target, {
    __PACKAGE__: options.packageName ?? options.name,
    __ID__: options.name,
    __SCHEMA__: options.name.replaceAll('-', '_'),
    __DISPLAY__: displayNameOf(options.name),
  });
  return target;
}
