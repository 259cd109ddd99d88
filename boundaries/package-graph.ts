import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { sourceFacts } from './source-facts.ts';

/** Why one workspace package depends on another: a line of its package.json, or an import in one of its files. */
export interface DependencyEvidence {
  readonly file: string;
  readonly line: number;
  readonly what: string;
}

/** A package of the npm workspaces (root package.json `workspaces`). */
export interface WorkspacePackage {
  readonly folder: string;
  readonly name: string;
}

/** One workspace package depending on another, and every place that says so. */
export interface PackageDependency {
  readonly from: string;
  readonly to: string;
  readonly evidence: readonly DependencyEvidence[];
}

const DEPENDENCY_FIELDS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;
const SOURCE = /\.(ts|tsx|mts)$/;
/** Builds and installed packages; templates are other packages' sources, copied out by `kits-plugin create`. */
const NOT_THE_PACKAGES_OWN = new Set(['node_modules', 'dist', 'dist-app', 'templates', '.kits-cache']);

const posix = (path: string): string => path.split(sep).join('/');

/** The workspace packages: each folder the root `workspaces` names (`plugins/*` is every folder under plugins/). */
export function workspacePackages(root: string): WorkspacePackage[] {
  if (!existsSync(join(root, 'package.json'))) return [];
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { workspaces?: string[] };
  const folders = (rootPackage.workspaces ?? []).flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return existsSync(join(root, parent)) ? readdirSync(join(root, parent)).map((name) => `${parent}/${name}`) : [];
  });
  return folders
    .filter((folder) => existsSync(join(root, folder, 'package.json')))
    .map((folder) => ({ folder, name: (JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8')) as { name: string }).name }));
}

/** Every TypeScript file of a package, tests included: a test's import is a dependency too (devDependencies). */
function packageFiles(root: string, folder: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (NOT_THE_PACKAGES_OWN.has(name)) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (SOURCE.test(name)) found.push(posix(relative(root, path)));
    }
  };
  walk(join(root, folder));
  return found.sort();
}

/**
 * How the workspace packages depend on each other: the `@kits/…` packages each package.json
 * declares (any kind of dependency), and the packages its files import, by name or by a relative
 * path into another package's folder.
 */
export function packageDependencies(root: string): PackageDependency[] {
  const packages = workspacePackages(root);
  // The innermost package folder holding a path (a workspace may sit inside another's folder).
  const byFolderDepth = [...packages].sort((a, b) => b.folder.length - a.folder.length);
  const owner = (path: string) => byFolderDepth.find((pkg) => path === pkg.folder || path.startsWith(`${pkg.folder}/`));
  const reached = (file: string, specifier: string): WorkspacePackage | undefined => {
    if (specifier.startsWith('.')) return owner(posix(normalize(join(dirname(file), specifier))));
    return packages.find((pkg) => specifier === pkg.name || specifier.startsWith(`${pkg.name}/`));
  };

  const edges = new Map<string, { from: string; to: string; evidence: DependencyEvidence[] }>();
  const add = (from: WorkspacePackage, to: WorkspacePackage, evidence: DependencyEvidence): void => {
    if (from.name === to.name) return;
    const key = `${from.name}\0${to.name}`;
    let edge = edges.get(key);
    if (!edge) edges.set(key, (edge = { from: from.name, to: to.name, evidence: [] }));
    edge.evidence.push(evidence);
  };

  for (const pkg of packages) {
    const manifestFile = `${pkg.folder}/package.json`;
    const text = readFileSync(join(root, manifestFile), 'utf8');
    const manifest = JSON.parse(text) as Partial<Record<(typeof DEPENDENCY_FIELDS)[number], Record<string, string>>>;
    const lines = text.split('\n');
    for (const field of DEPENDENCY_FIELDS) {
      const fieldLine = lines.findIndex((line) => line.includes(`"${field}"`));
      for (const name of Object.keys(manifest[field] ?? {})) {
        const target = packages.find((other) => other.name === name);
        if (!target) continue;
        const line = lines.findIndex((text, index) => index > fieldLine && text.includes(`"${name}"`)) + 1;
        add(pkg, target, { file: manifestFile, line, what: `${field} names ${name}` });
      }
    }
    for (const file of packageFiles(root, pkg.folder)) {
      if (owner(file) !== pkg) continue;
      for (const reference of sourceFacts(file, readFileSync(join(root, file), 'utf8')).references) {
        const target = reached(file, reference.specifier);
        if (target) add(pkg, target, { file, line: reference.line, what: `imports ${reference.specifier}` });
      }
    }
  }
  return [...edges.values()];
}

/**
 * The groups of packages that depend on each other in a circle (strongly connected components of
 * more than one package, Tarjan's algorithm), each with the dependencies inside it.
 */
export function packageCycles(
  dependencies: readonly PackageDependency[],
): Array<{ packages: string[]; dependencies: PackageDependency[] }> {
  const next = new Map<string, string[]>();
  for (const { from, to } of dependencies) next.set(from, [...(next.get(from) ?? []), to]);
  const nodes = [...new Set(dependencies.flatMap(({ from, to }) => [from, to]))].sort();
  const index = new Map<string, number>();
  const lowest = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    lowest.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const target of next.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowest.set(node, Math.min(lowest.get(node)!, lowest.get(target)!));
      } else if (onStack.has(target)) {
        lowest.set(node, Math.min(lowest.get(node)!, index.get(target)!));
      }
    }
    if (lowest.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) components.push(component.sort());
    }
  };
  for (const node of nodes) if (!index.has(node)) visit(node);
  return components.map((members) => ({
    packages: members,
    dependencies: dependencies.filter(({ from, to }) => members.includes(from) && members.includes(to)),
  }));
}

/** A shortest way from `start` back to `start` through `edge` (start → edge.to → … → start), for the message. */
export function cycleThrough(edge: PackageDependency, dependencies: readonly PackageDependency[]): string[] {
  const previous = new Map<string, string>([[edge.to, edge.from]]);
  const queue = [edge.to];
  while (queue.length > 0) {
    const node = queue.shift()!;
    if (node === edge.from) break;
    for (const { from, to } of dependencies) {
      if (from !== node || previous.has(to)) continue;
      previous.set(to, node);
      queue.push(to);
    }
  }
  const path = [edge.from];
  for (let node = edge.from; node !== edge.to;) {
    node = previous.get(node)!;
    path.unshift(node);
  }
  return [edge.from, ...path];
}
