import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { cycleThrough, packageCycles, packageDependencies } from './package-graph.ts';
import { sourceFacts } from './source-facts.ts';
import { pluginPackages, sourceFiles, type PluginPackageInfo } from './workspace.ts';

export type BoundaryRule =
  | 'till-imports-a-plugin'
  | 'office-or-kit-imports-a-plugin'
  | 'plugin-imports-another-plugin'
  | 'plugin-imports-the-kernel'
  | 'sql-names-another-schema'
  | 'packages-depend-in-a-cycle';

/** A line that crosses a boundary of the house, and what to do instead. */
export interface Violation {
  readonly file: string;
  readonly line: number;
  readonly rule: BoundaryRule;
  readonly message: string;
}

/** The till's own folders: whatever plugins it runs, none of their code is built into it. */
export const TILL_FOLDERS = ['till/src', 'till/app', 'till/electron', 'till/hardware', 'till/hardware-agent'] as const;

/** The back office's own code and the UI kit: plugins bring their pages through the office context, never by import. */
export const OFFICE_FOLDERS = ['office/app', 'office/testing', 'ui-kit/src'] as const;

/** Schemas that belong to no plugin. */
const HOST_SCHEMAS = ['kernel', 'registry'] as const;

const LOOKS_LIKE_SQL = /\b(select|insert\s+into|update|delete\s+from|from|join|alter\s+table|create\s+table)\b/i;

/** The repository folder a relative import lands in (`plugins/core-sales/...`), or undefined for a package import. */
function landsIn(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return normalize(join(dirname(file), specifier))
    .split('\\')
    .join('/');
}

/** The plugin an import reaches: by package name (`@kits/core-sales/pricing`) or by a relative path into its folder. */
function pluginReached(file: string, specifier: string, plugins: readonly PluginPackageInfo[]): PluginPackageInfo | undefined {
  const path = landsIn(file, specifier);
  return plugins.find((plugin) =>
    path
      ? path === plugin.folder || path.startsWith(`${plugin.folder}/`)
      : specifier === plugin.name || specifier.startsWith(`${plugin.name}/`),
  );
}

const reachesKernel = (file: string, specifier: string): boolean => {
  const path = landsIn(file, specifier);
  return path ? path === 'kernel' || path.startsWith('kernel/') : specifier === '@kits/kernel' || specifier.startsWith('@kits/kernel/');
};

/** Every boundary crossed in the repository at `root`. */
export function checkBoundaries(root: string): { readonly violations: Violation[]; readonly filesChecked: number } {
  const plugins = pluginPackages(root);
  const schemas = [...HOST_SCHEMAS, ...plugins.flatMap((plugin) => (plugin.schema ? [plugin.schema] : []))];
  const violations: Violation[] = [];
  let filesChecked = 0;

  /** The host apps load plugins through their plugin hosts; an import of one is a boundary crossed. */
  const hostImports = (folders: readonly string[], rule: BoundaryRule, message: (file: string, specifier: string, plugin: string) => string) => {
    for (const file of folders.flatMap((folder) => sourceFiles(root, folder))) {
      filesChecked++;
      for (const reference of sourceFacts(file, readFileSync(join(root, file), 'utf8')).references) {
        const plugin = pluginReached(file, reference.specifier, plugins);
        if (plugin) violations.push({ file, line: reference.line, rule, message: message(file, reference.specifier, plugin.name) });
      }
    }
  };
  hostImports(
    TILL_FOLDERS,
    'till-imports-a-plugin',
    (_file, specifier, plugin) =>
      `the till imports ${specifier} (plugin ${plugin}): a plugin's till side is loaded by the till's plugin host; give the till what it needs through the SDK's till context`,
  );
  hostImports(
    OFFICE_FOLDERS,
    'office-or-kit-imports-a-plugin',
    (file, specifier, plugin) =>
      `${file.split('/')[0]} imports ${specifier} (plugin ${plugin}): a plugin's office side is loaded by the office's plugin host; give the office what it needs through the SDK's office context`,
  );

  for (const owner of plugins) {
    const otherSchemas = schemas.filter((schema) => schema !== owner.schema);
    const sqlNamingAnother = new RegExp(`\\b(${otherSchemas.join('|')})\\.([a-z_][a-z0-9_]*)\\b(?!\\.)`, 'g');
    for (const file of sourceFiles(root, `${owner.folder}/src`)) {
      filesChecked++;
      const facts = sourceFacts(file, readFileSync(join(root, file), 'utf8'));
      for (const reference of facts.references) {
        const plugin = pluginReached(file, reference.specifier, plugins);
        if (plugin && plugin.name !== owner.name) {
          violations.push({
            file,
            line: reference.line,
            rule: 'plugin-imports-another-plugin',
            message: `${owner.name} imports ${reference.specifier}: plugins call each other through capability interfaces in the SDK (services.use), never another plugin's modules`,
          });
        } else if (reachesKernel(file, reference.specifier)) {
          violations.push({
            file,
            line: reference.line,
            rule: 'plugin-imports-the-kernel',
            message: `${owner.name} imports ${reference.specifier}: a plugin sees only @kits/plugin-sdk and the context the kernel hands it`,
          });
        }
      }
      for (const literal of facts.strings) {
        if (!LOOKS_LIKE_SQL.test(literal.text)) continue;
        for (const match of literal.text.matchAll(sqlNamingAnother)) {
          violations.push({
            file,
            line: literal.line,
            rule: 'sql-names-another-schema',
            message: `${owner.name}'s SQL reads ${match[0]}, which belongs to ${match[1] === 'kernel' ? 'the kernel' : `the ${match[1]} schema`}: ask for it through the plugin context or a capability, never another schema's tables`,
          });
        }
      }
    }
  }
  violations.push(...packageCycleViolations(root));
  return { violations, filesChecked };
}

/**
 * Workspace packages depend one way (the SDK below the kernel, the kernel below what boots it):
 * each declaration or import that closes a circle between packages is a crossing.
 */
function packageCycleViolations(root: string): Violation[] {
  const dependencies = packageDependencies(root);
  return packageCycles(dependencies).flatMap((cycle) =>
    cycle.dependencies.flatMap((dependency) => {
      const circle = cycleThrough(dependency, cycle.dependencies).join(' → ');
      return dependency.evidence.map((evidence) => ({
        file: evidence.file,
        line: evidence.line,
        rule: 'packages-depend-in-a-cycle' as const,
        message: `${dependency.from} ${evidence.what}, closing a circle (${circle}): packages depend one way; move what both need into the lower package, or what needs both into a package above them`,
      }));
    }),
  );
}
