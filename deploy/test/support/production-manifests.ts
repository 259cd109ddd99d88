import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse, parseAllDocuments } from 'yaml';
import { renderHelmChart, type RenderOptions } from './render-helm-chart.ts';

/** The repository root, and the artifacts deploy/test checks. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DOCKERFILE = fileURLToPath(new URL('../../container/Dockerfile', import.meta.url));
export const DOCKERIGNORE = fileURLToPath(new URL('../../../.dockerignore', import.meta.url));
export const COMPOSE_DIR = fileURLToPath(new URL('../../compose/', import.meta.url));
export const CHART_DIR = fileURLToPath(new URL('../../helm/kits/', import.meta.url));

/** The version every KiTS image tag must carry: the kernel package's. */
export const KERNEL_VERSION = (JSON.parse(readFileSync(`${REPO_ROOT}kernel/package.json`, 'utf8')) as { version: string }).version;

/**
 * Why an image reference is not pinned, or undefined when it is: an exact version tag
 * (`17.6-bookworm`, `v1.25.1-p0`, `1.0.0`) or a digest — never `latest`, never a bare major (`17`).
 */
export function unpinnedImageReason(image: string): string | undefined {
  if (/@sha256:[0-9a-f]{64}$/.test(image)) return undefined;
  const tag = /:([^/:]+)$/.exec(image)?.[1];
  if (!tag) return 'has no tag (it means latest)';
  if (/latest/i.test(tag)) return `is tagged "${tag}"`;
  if (!/^v?\d+\.\d+(\.\d+)?([.-][\w.-]+)?$/.test(tag)) return `tag "${tag}" is not an exact version`;
  return undefined;
}

/** One instruction of a Dockerfile, continuation lines joined. */
export interface DockerInstruction {
  readonly keyword: string;
  readonly args: string;
  /** 0 for the first FROM's stage, 1 for the second... */
  readonly stage: number;
}

export function readDockerfile(path = DOCKERFILE): DockerInstruction[] {
  const joined = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  const instructions: DockerInstruction[] = [];
  let stage = -1;
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line);
    if (!match) continue;
    const keyword = match[1]!.toUpperCase();
    if (keyword === 'FROM') stage += 1;
    instructions.push({ keyword, args: match[2]!.trim(), stage });
  }
  return instructions;
}

export interface ComposeService {
  readonly image?: string;
  readonly command?: string[];
  readonly user?: string;
  readonly restart?: string;
  readonly read_only?: boolean;
  readonly tmpfs?: string[];
  readonly environment?: Record<string, string>;
  readonly healthcheck?: { readonly test?: string[] };
  readonly depends_on?: Record<string, { readonly condition: string }>;
  readonly deploy?: {
    readonly resources?: {
      readonly limits?: { readonly cpus?: string; readonly memory?: string };
      readonly reservations?: { readonly cpus?: string; readonly memory?: string };
    };
  };
  readonly volumes?: string[];
  readonly ports?: string[];
}

/** compose.yaml as `docker compose` reads it: YAML anchors and `<<` merge keys resolved. */
export function readCompose(): { readonly services: Record<string, ComposeService> } {
  return parse(readFileSync(`${COMPOSE_DIR}compose.yaml`, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };
}

/** An INI file (pgbouncer.ini) as section → key → value. */
export function readIni(path: string): Record<string, Record<string, string>> {
  const sections: Record<string, Record<string, string>> = {};
  let section = '';
  for (const raw of readFileSync(path, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) section = header[1]!;
    else {
      const [key, ...value] = line.split('=');
      (sections[section] ??= {})[key!.trim()] = value.join('=').trim();
    }
  }
  return sections;
}

/** A Kubernetes object of the rendered chart, with the template it came from. */
export interface RenderedObject {
  readonly file: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly metadata: { readonly name: string; readonly labels?: Record<string, string>; readonly annotations?: Record<string, string> };
  readonly spec?: Record<string, unknown>;
  readonly [field: string]: unknown;
}

/** Renders the chart and parses every document of every template; a YAML error fails, naming the template. */
export function renderedChartObjects(options: RenderOptions = {}): RenderedObject[] {
  return renderHelmChart(CHART_DIR, options).flatMap(({ file, text }) =>
    parseAllDocuments(text).flatMap((document) => {
      if (document.errors.length > 0) throw new Error(`${file} does not render to valid YAML: ${document.errors[0]!.message}`);
      const object = document.toJS() as Omit<RenderedObject, 'file'> | null;
      return object ? [{ ...object, file }] : [];
    }),
  );
}
