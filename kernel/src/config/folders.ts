import { accessSync, constants, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './config-error.ts';

const reason = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

/** A folder the kernel writes to: created when missing; refused, naming `variable`, when it cannot be. */
export function writableFolder(variable: string, folder: string): string {
  try {
    mkdirSync(folder, { recursive: true });
    accessSync(folder, constants.W_OK);
    return folder;
  } catch (error) {
    throw new ConfigError(
      variable,
      `cannot create or write the folder ${folder} (${reason(error)}): choose a folder this user may write to`,
    );
  }
}

/** Folders that must exist already (plugins are read from them, never written). */
export function existingFolders(variable: string, folders: readonly string[]): readonly string[] {
  for (const folder of folders) {
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new ConfigError(
        variable,
        `${folder} is not a folder: list existing folders whose children are plugin packages, separated by ":"`,
      );
    }
  }
  return folders;
}

/** A built browser app (the till, the back office): a folder with its index.html. */
export function builtApp(variable: string, folder: string, app: 'till' | 'office'): string {
  if (!existsSync(join(folder, 'index.html'))) {
    throw new ConfigError(
      variable,
      `${folder} holds no built ${app} app (no index.html): run \`npm run build\`, or point ${variable} at the ${app}'s dist-app folder`,
    );
  }
  return folder;
}
